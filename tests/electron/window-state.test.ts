import { mkdtempSync, promises as fs, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { boundsToRestore, DEFAULT_SIZE, loadWindowState, saveWindowState, stateOf } from '../../main/electron/window-state.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'parity-window-'));
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

const laptop = { x: 0, y: 0, width: 1920, height: 1050 };
const external = { x: 1920, y: 0, width: 2560, height: 1400 };

describe('boundsToRestore', () => {
  it('opens at the default size the first time', () => {
    expect(boundsToRestore(null, [laptop])).toEqual({ bounds: { ...DEFAULT_SIZE }, maximized: false });
  });
  it('restores bounds that are still on a display, and the maximised flag', () => {
    const saved = { x: 2100, y: 100, width: 1400, height: 900, maximized: true };
    expect(boundsToRestore(saved, [laptop, external])).toEqual({ bounds: { x: 2100, y: 100, width: 1400, height: 900 }, maximized: true });
  });
  it('does not restore a window whose monitor was unplugged, keeping a sensible size', () => {
    const saved = { x: 2100, y: 100, width: 2400, height: 1300, maximized: false };
    const restored = boundsToRestore(saved, [laptop]);
    expect(restored.bounds.x).toBeUndefined();
    expect(restored.bounds).toEqual({ width: DEFAULT_SIZE.width, height: DEFAULT_SIZE.height });
  });
  it('does not restore a window whose title bar is off screen even if its body shows', () => {
    const saved = { x: 100, y: -500, width: 1200, height: 900, maximized: false };
    expect(boundsToRestore(saved, [laptop]).bounds.x).toBeUndefined();
  });
  it('restores a window hanging partly off the screen edge when the title bar can still be grabbed', () => {
    const saved = { x: 1700, y: 50, width: 1000, height: 700, maximized: false };
    expect(boundsToRestore(saved, [laptop]).bounds.x).toBe(1700);
  });
});

describe('window state file', () => {
  it('round-trips through an atomic write and ignores a corrupt or missing file', async () => {
    const file = path.join(dir, 'window-state.json');
    expect(await loadWindowState(file)).toBeNull();
    const state = stateOf({ x: 10.4, y: 20.6, width: 1000, height: 700 }, false);
    await saveWindowState(file, state);
    expect(await loadWindowState(file)).toEqual({ x: 10, y: 21, width: 1000, height: 700, maximized: false });
    expect(readdirSync(dir)).toEqual(['window-state.json']);
    await fs.writeFile(file, '{"x": 1');
    expect(await loadWindowState(file)).toBeNull();
    await fs.writeFile(file, JSON.stringify({ x: 0, y: 0, width: 5, height: 5, maximized: false }));
    expect(await loadWindowState(file)).toBeNull();
  });
});
