import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { itemAfterKey, rowAfterKey, scrollToReveal, virtualWindow } from '../../renderer/src/components/virtual-window.js';

describe('virtualWindow', () => {
  it('renders the rows in view plus the overscan, with the offset of the first', () => {
    expect(virtualWindow(1000, 30, 0, 300, 6)).toEqual({ start: 0, end: 16, offset: 0, total: 30_000 });
    expect(virtualWindow(1000, 30, 3000, 300, 6)).toEqual({ start: 94, end: 116, offset: 2820, total: 30_000 });
    expect(virtualWindow(1000, 30, 1e9, 300, 6)).toEqual({ start: 984, end: 1000, offset: 29_520, total: 30_000 });
    expect(virtualWindow(0, 30, 0, 300)).toEqual({ start: 0, end: 0, offset: 0, total: 0 });
  });

  it('always covers the viewport and never renders more than it plus twice the overscan', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 10, max: 80 }), fc.integer({ min: 0, max: 5_000_000 }), fc.integer({ min: 50, max: 2000 }), (rows, h, top, viewport) => {
        const w = virtualWindow(rows, h, top, viewport, 6);
        const scrolled = Math.max(0, Math.min(top, rows * h - viewport));
        const firstVisible = Math.floor(scrolled / h);
        const lastVisible = Math.min(rows - 1, Math.floor((scrolled + viewport - 1) / h));
        expect(w.start).toBeLessThanOrEqual(firstVisible);
        expect(w.end).toBeGreaterThan(lastVisible);
        expect(w.end - w.start).toBeLessThanOrEqual(Math.ceil(viewport / h) + 1 + 12);
        expect(w.offset).toBe(w.start * h);
      }),
    );
  });
});

describe('keyboard movement', () => {
  it('moves the active row by one, by a page, or to the ends, clamped', () => {
    expect(rowAfterKey('ArrowDown', -1, 10, 5)).toBe(0);
    expect(rowAfterKey('ArrowDown', 9, 10, 5)).toBe(9);
    expect(rowAfterKey('ArrowUp', 0, 10, 5)).toBe(0);
    expect(rowAfterKey('PageDown', 2, 10, 5)).toBe(6);
    expect(rowAfterKey('PageUp', 2, 10, 5)).toBe(0);
    expect(rowAfterKey('End', 2, 10, 5)).toBe(9);
    expect(rowAfterKey('Home', 7, 10, 5)).toBe(0);
    expect(rowAfterKey('a', 7, 10, 5)).toBeNull();
    expect(rowAfterKey('ArrowDown', 0, 0, 5)).toBeNull();
  });

  it('moves through a grid by columns', () => {
    expect(itemAfterKey('ArrowRight', -1, 10, 4)).toBe(0);
    expect(itemAfterKey('ArrowRight', 3, 10, 4)).toBe(4);
    expect(itemAfterKey('ArrowDown', 1, 10, 4)).toBe(5);
    expect(itemAfterKey('ArrowDown', 7, 10, 4)).toBe(9);
    expect(itemAfterKey('ArrowUp', 2, 10, 4)).toBe(0);
    expect(itemAfterKey('End', 2, 10, 4)).toBe(9);
  });

  it('scrolls just enough to reveal a row', () => {
    expect(scrollToReveal(5, 30, 0, 300)).toBeNull();
    expect(scrollToReveal(10, 30, 0, 300)).toBe(30);
    expect(scrollToReveal(2, 30, 300, 300)).toBe(60);
  });
});
