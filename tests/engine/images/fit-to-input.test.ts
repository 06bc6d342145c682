import { describe, expect, it } from 'vitest';
import { fitToInput, LETTERBOX_GREY, type RgbImage } from '../../../main/engine/images/index.js';
import { knownImage4x2, pixel, solidImage } from './fixtures.js';

const GREY: [number, number, number] = [LETTERBOX_GREY, LETTERBOX_GREY, LETTERBOX_GREY];

function column(image: RgbImage, x: number): Array<[number, number, number]> {
  return Array.from({ length: image.height }, (_, y) => pixel(image, x, y));
}

function row(image: RgbImage, y: number): Array<[number, number, number]> {
  return Array.from({ length: image.width }, (_, x) => pixel(image, x, y));
}

describe('fitToInput geometry', () => {
  const src = knownImage4x2();

  it('returns the same pixels when the image already has the target size, in every mode', async () => {
    for (const resize of ['stretch', 'letterbox', 'crop'] as const) {
      const out = await fitToInput(src, { resize, width: 4, height: 2 });
      expect([out.width, out.height]).toEqual([4, 2]);
      expect(Array.from(out.data)).toEqual(Array.from(src.data));
    }
  });

  it('letterbox pads a 4×2 image to 4×4 with one grey row above and below, content untouched', async () => {
    const out = await fitToInput(src, { resize: 'letterbox', width: 4, height: 4 });
    expect([out.width, out.height]).toEqual([4, 4]);
    expect(row(out, 0)).toEqual(Array(4).fill(GREY));
    expect(row(out, 3)).toEqual(Array(4).fill(GREY));
    expect(row(out, 1)).toEqual(row(src, 0));
    expect(row(out, 2)).toEqual(row(src, 1));
  });

  it('letterbox centres horizontally and puts the odd pixel at the bottom', async () => {
    const wide = await fitToInput(src, { resize: 'letterbox', width: 6, height: 2 });
    expect(column(wide, 0)).toEqual([GREY, GREY]);
    expect(column(wide, 5)).toEqual([GREY, GREY]);
    for (let x = 0; x < 4; x++) expect(column(wide, x + 1)).toEqual(column(src, x));

    const tall = await fitToInput(src, { resize: 'letterbox', width: 4, height: 5 });
    expect(row(tall, 0)).toEqual(Array(4).fill(GREY));
    expect(row(tall, 1)).toEqual(row(src, 0));
    expect(row(tall, 2)).toEqual(row(src, 1));
    expect(row(tall, 3)).toEqual(Array(4).fill(GREY));
    expect(row(tall, 4)).toEqual(Array(4).fill(GREY));
  });

  it('letterbox scales up keeping the aspect ratio: a solid 4×2 in 8×8 fills rows 2–5', async () => {
    const out = await fitToInput(solidImage(4, 2, [200, 10, 50]), { resize: 'letterbox', width: 8, height: 8 });
    for (let y = 0; y < 8; y++) {
      const expected = y >= 2 && y < 6 ? [200, 10, 50] : GREY;
      expect(row(out, y)).toEqual(Array(8).fill(expected));
    }
  });

  it('crop takes the centre when only cropping is needed', async () => {
    const square = await fitToInput(src, { resize: 'crop', width: 2, height: 2 });
    expect(column(square, 0)).toEqual(column(src, 1));
    expect(column(square, 1)).toEqual(column(src, 2));

    const odd = await fitToInput(src, { resize: 'crop', width: 3, height: 2 });
    expect([0, 1, 2].map((x) => column(odd, x))).toEqual([0, 1, 2].map((x) => column(src, x)));

    const strip = await fitToInput(src, { resize: 'crop', width: 4, height: 1 });
    expect(row(strip, 0)).toEqual(row(src, 0));
  });

  it('crop covers the target: a 4×2 image cropped to 8×8 is scaled ×4 (16×8) and centre-cropped', async () => {
    // Left half red, right half blue: after ×4 and a centre crop of 8 of 16 columns, the seam is in the middle.
    const halves = solidImage(4, 2, [255, 0, 0]);
    for (const y of [0, 1]) for (const x of [2, 3]) halves.data.set([0, 0, 255], (y * 4 + x) * 3);
    const out = await fitToInput(halves, { resize: 'crop', width: 8, height: 8 });
    expect([out.width, out.height]).toEqual([8, 8]);
    expect(pixel(out, 0, 4)).toEqual([255, 0, 0]);
    expect(pixel(out, 7, 4)).toEqual([0, 0, 255]);
    // Across the seam red falls and blue rises monotonically, and red + blue stays 255 (a plain blend).
    const reds = Array.from({ length: 8 }, (_, x) => pixel(out, x, 3));
    for (let x = 1; x < 8; x++) {
      expect(reds[x]![0]).toBeLessThanOrEqual(reds[x - 1]![0]);
      expect(reds[x]![2]).toBeGreaterThanOrEqual(reds[x - 1]![2]);
    }
    for (const [r, g, b] of reds) {
      expect(g).toBe(0);
      expect(Math.abs(r + b - 255)).toBeLessThanOrEqual(1);
    }
  });

  it('stretch ignores the aspect ratio and keeps solid colours exact', async () => {
    const up = await fitToInput(solidImage(4, 2, [3, 140, 250]), { resize: 'stretch', width: 5, height: 9 });
    expect([up.width, up.height]).toEqual([5, 9]);
    for (let i = 0; i < 45; i++) expect(pixel(up, i % 5, Math.floor(i / 5))).toEqual([3, 140, 250]);

    const down = await fitToInput(solidImage(64, 48, [90, 91, 92]), { resize: 'stretch', width: 7, height: 3 });
    expect([down.width, down.height]).toEqual([7, 3]);
    expect(new Set(down.data)).toEqual(new Set([90, 91, 92]));
  });

  it('stretch to 2×1 keeps left content left and right content right', async () => {
    const out = await fitToInput(src, { resize: 'stretch', width: 2, height: 1 });
    const [left, right] = [pixel(out, 0, 0), pixel(out, 1, 0)];
    // Source bytes grow left to right, so the left output pixel is darker in every channel.
    for (let c = 0; c < 3; c++) expect(left[c]).toBeLessThan(right[c] as number);
  });

  it('handles a 1×1 image in every mode', async () => {
    for (const resize of ['stretch', 'letterbox', 'crop'] as const) {
      const out = await fitToInput(solidImage(1, 1, [7, 8, 9]), { resize, width: 3, height: 2 });
      expect([out.width, out.height]).toEqual([3, 2]);
      expect(out.data.length).toBe(18);
    }
  });

  it('rejects an image whose buffer does not match its size', async () => {
    await expect(fitToInput({ data: new Uint8Array(5), width: 2, height: 2 }, { resize: 'stretch', width: 1, height: 1 })).rejects.toThrow(
      /needs 12 bytes/,
    );
  });
});
