/** The window's bounds kept between launches, restored only where a display still shows them. */
import { promises as fs } from 'node:fs';
import { z } from 'zod';
import { writeFileAtomic } from '../host/index.js';

export const WindowStateSchema = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(200).max(20_000),
  height: z.number().int().min(150).max(20_000),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_SIZE = { width: 1280, height: 820 } as const;
/** The strip at the top of a window that must be on a display for the user to grab and move it. */
const TITLE_STRIP = { height: 32, minVisibleWidth: 100 } as const;

function overlap(a: Rect, b: Rect): Rect {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  return { x, y, width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - x), height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - y) };
}

/**
 * Bounds to open the window with: the saved ones when the title strip of the window is still on one of the
 * displays' work areas (a monitor may have been unplugged), otherwise the default size, centred by Electron.
 */
export function boundsToRestore(saved: WindowState | null, workAreas: Rect[]): { bounds: Partial<Rect> & { width: number; height: number }; maximized: boolean } {
  if (!saved) return { bounds: { ...DEFAULT_SIZE }, maximized: false };
  const strip: Rect = { x: saved.x, y: saved.y, width: saved.width, height: TITLE_STRIP.height };
  const visible = workAreas.some((area) => {
    const o = overlap(strip, area);
    return o.width >= Math.min(TITLE_STRIP.minVisibleWidth, saved.width) && o.height > 0;
  });
  if (!visible) return { bounds: { width: Math.min(saved.width, DEFAULT_SIZE.width), height: Math.min(saved.height, DEFAULT_SIZE.height) }, maximized: saved.maximized };
  return { bounds: { x: saved.x, y: saved.y, width: saved.width, height: saved.height }, maximized: saved.maximized };
}

/** The saved state, or null when there is none or it is not valid. */
export async function loadWindowState(file: string): Promise<WindowState | null> {
  try {
    const parsed = WindowStateSchema.safeParse(JSON.parse(await fs.readFile(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export async function saveWindowState(file: string, state: WindowState): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(WindowStateSchema.parse(state), null, 2)}\n`);
}

/** Rounds a window's normal (unmaximised) bounds into a state to save. */
export function stateOf(bounds: Rect, maximized: boolean): WindowState {
  return {
    x: Math.round(bounds.x),
    y: Math.round(bounds.y),
    width: Math.max(200, Math.round(bounds.width)),
    height: Math.max(150, Math.round(bounds.height)),
    maximized,
  };
}
