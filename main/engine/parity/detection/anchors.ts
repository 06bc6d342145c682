/** MediaPipe-style fixed-size SSD anchors (BlazeFace): centres on each stride's grid, width and height 1. */
import type { AnchorSpec } from '../../../../shared/postprocess.js';

/** Input sizes seen in a run are few; the bound only guards a long-lived engine against growth. */
const cache = new Map<string, Float64Array>();
const CACHE_ENTRIES = 16;

function remember(key: string, value: Float64Array): Float64Array {
  if (cache.size >= CACHE_ENTRIES) cache.clear();
  cache.set(key, value);
  return value;
}

/** Anchor centres [x0, y0, x1, y1, …] in 0–1 of the input, in the order a BlazeFace head lists its rows. */
export function anchorCentres(spec: AnchorSpec, width: number, height: number): Float64Array {
  const key = `${width}x${height}|${spec.strides.join(',')}|${spec.perCell.join(',')}|${spec.offset}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const out: number[] = [];
  spec.strides.forEach((stride, level) => {
    const gw = Math.ceil(width / stride);
    const gh = Math.ceil(height / stride);
    for (let y = 0; y < gh; y++) {
      for (let x = 0; x < gw; x++) {
        for (let a = 0; a < spec.perCell[level]!; a++) out.push((x + spec.offset) / gw, (y + spec.offset) / gh);
      }
    }
  });
  return remember(key, Float64Array.from(out));
}

/** Grid cells of a YOLOX head, [col, row, stride] per anchor row, for strides over an input of width × height. */
export function gridCells(strides: readonly number[], width: number, height: number): Float64Array {
  const key = `grid|${width}x${height}|${strides.join(',')}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const out: number[] = [];
  for (const stride of strides) {
    const gw = Math.ceil(width / stride);
    const gh = Math.ceil(height / stride);
    for (let y = 0; y < gh; y++) for (let x = 0; x < gw; x++) out.push(x, y, stride);
  }
  return remember(key, Float64Array.from(out));
}
