/**
 * Random solid rectangles covering a set share of the image. A few rectangles split the target area (random
 * aspect between 1:2.5 and 2.5:1, random place, random colour); since overlaps cover less than they claim, smaller
 * rectangles then fill what is missing. No rectangle is larger than the area still missing, so coverage never
 * overshoots and ends within half a percent (or one pixel) below the target.
 */
import type { RgbImage } from '../../images/index.js';
import type { Rng } from '../rng.js';

const MAX_FILL_ATTEMPTS = 200;

/** Paints one rectangle of about `area` pixels; returns how many pixels were newly covered. */
function paintRectangle(data: Uint8Array, mask: Uint8Array, width: number, height: number, area: number, rng: Rng): number {
  const aspect = Math.exp(rng.range(-Math.log(2.5), Math.log(2.5)));
  let w = Math.max(1, Math.min(width, Math.round(Math.sqrt(area * aspect))));
  let h = Math.max(1, Math.min(height, Math.floor(area / w)));
  if (w * h > area) w = Math.max(1, Math.floor(area / h));
  if (w * h > area) return 0;
  h = Math.min(h, height);
  const left = rng.int(0, width - w + 1);
  const top = rng.int(0, height - h + 1);
  const colour = [rng.int(0, 256), rng.int(0, 256), rng.int(0, 256)];
  let added = 0;
  for (let y = top; y < top + h; y++) {
    for (let x = left; x < left + w; x++) {
      const i = y * width + x;
      if (!mask[i]) {
        mask[i] = 1;
        added++;
      }
      data[i * 3] = colour[0]!;
      data[i * 3 + 1] = colour[1]!;
      data[i * 3 + 2] = colour[2]!;
    }
  }
  return added;
}

export function occlusionPatch(image: RgbImage, params: { coverage: number; maxPatches: number }, rng: Rng): RgbImage {
  const { width, height } = image;
  const n = width * height;
  const data = new Uint8Array(image.data);
  const mask = new Uint8Array(n);
  const target = Math.round(params.coverage * n);
  const tolerance = Math.max(1, Math.floor(0.005 * n));
  const patches = rng.int(1, Math.max(1, Math.round(params.maxPatches)) + 1);
  let covered = 0;
  for (let k = 0; k < patches && covered < target; k++) {
    const remaining = target - covered;
    const share = k === patches - 1 ? remaining : Math.floor((remaining / (patches - k)) * rng.range(0.7, 1.3));
    covered += paintRectangle(data, mask, width, height, Math.max(1, share), rng);
  }
  for (let attempt = 0; attempt < MAX_FILL_ATTEMPTS && target - covered >= tolerance; attempt++) {
    covered += paintRectangle(data, mask, width, height, target - covered, rng);
  }
  return { data, width, height };
}
