/** Pixel painting for synthetic samples: paper backgrounds and ink composited through a coverage mask. */
import type { RgbImage } from '../../main/engine/images/index.js';
import type { Mask } from './text-mask.js';
import type { SeededRandom } from './random.js';

export type Rgb = [number, number, number];

function clampByte(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
}

/** A light paper tone: grey level in [min, max] with a slight warm or cool tint. */
export function paperColour(rng: SeededRandom, min: number, max: number): Rgb {
  const g = rng.range(min, max);
  const tint = rng.range(-6, 6);
  return [clampByte(g + tint), clampByte(g + tint * 0.3), clampByte(g - tint)];
}

/** A dark ink: near black, dark grey, dark blue or dark brown. */
export function inkColour(rng: SeededRandom, min: number, max: number): Rgb {
  const g = rng.range(min, max);
  switch (rng.int(0, 5)) {
    case 0:
      return [clampByte(g * 0.4), clampByte(g * 0.5), clampByte(g + 40)];
    case 1:
      return [clampByte(g + 25), clampByte(g + 10), clampByte(g * 0.6)];
    default:
      return [clampByte(g), clampByte(g), clampByte(g)];
  }
}

/**
 * A background of `base` with a linear shading (`gradient` levels from one corner to the other), a smooth
 * low-frequency texture (`texture` levels) and per-pixel grain (`grain` = standard deviation in levels).
 */
export function paintBackground(
  rng: SeededRandom,
  width: number,
  height: number,
  base: Rgb,
  opts: { gradient: number; texture: number; grain: number; textureCells?: number },
): RgbImage {
  const data = new Uint8Array(width * height * 3);
  const gx = rng.range(-1, 1);
  const gy = rng.range(-1, 1);
  const cells = opts.textureCells ?? 8;
  // Bilinear interpolation of a coarse random grid: smooth blotches like paper or a lit surface.
  const gw = cells + 2;
  const gh = Math.max(2, Math.round((cells * height) / width) + 2);
  const grid = Float64Array.from({ length: gw * gh }, () => rng.range(-1, 1));
  for (let y = 0; y < height; y++) {
    const fy = (y / height) * (gh - 2);
    const y0 = Math.floor(fy);
    const ty = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = (x / width) * (gw - 2);
      const x0 = Math.floor(fx);
      const tx = fx - x0;
      const g00 = grid[y0 * gw + x0] as number;
      const g10 = grid[y0 * gw + x0 + 1] as number;
      const g01 = grid[(y0 + 1) * gw + x0] as number;
      const g11 = grid[(y0 + 1) * gw + x0 + 1] as number;
      const smooth = (g00 * (1 - tx) + g10 * tx) * (1 - ty) + (g01 * (1 - tx) + g11 * tx) * ty;
      const shade = opts.gradient * 0.5 * (gx * (x / width - 0.5) * 2 + gy * (y / height - 0.5) * 2);
      const grain = opts.grain > 0 ? rng.normal() * opts.grain : 0;
      const delta = shade + opts.texture * smooth + grain;
      const i = (y * width + x) * 3;
      data[i] = clampByte(base[0] + delta);
      data[i + 1] = clampByte(base[1] + delta);
      data[i + 2] = clampByte(base[2] + delta);
    }
  }
  return { data, width, height };
}

/** Blends `ink` into `image` through `mask` placed with its top-left at (x, y); `opacity` scales the coverage. */
export function compositeInk(image: RgbImage, mask: Mask, x: number, y: number, ink: Rgb, opacity = 1): void {
  for (let my = 0; my < mask.height; my++) {
    const iy = y + my;
    if (iy < 0 || iy >= image.height) continue;
    for (let mx = 0; mx < mask.width; mx++) {
      const ix = x + mx;
      if (ix < 0 || ix >= image.width) continue;
      const a = ((mask.data[my * mask.width + mx] as number) / 255) * opacity;
      if (a <= 0) continue;
      const i = (iy * image.width + ix) * 3;
      image.data[i] = clampByte((image.data[i] as number) * (1 - a) + ink[0] * a);
      image.data[i + 1] = clampByte((image.data[i + 1] as number) * (1 - a) + ink[1] * a);
      image.data[i + 2] = clampByte((image.data[i + 2] as number) * (1 - a) + ink[2] * a);
    }
  }
}

/** The same image turned by 180°: pixel order reversed, each pixel's RGB kept. */
export function rotate180(image: RgbImage): RgbImage {
  const { width, height, data } = image;
  const out = new Uint8Array(data.length);
  const n = width * height;
  for (let i = 0; i < n; i++) {
    const s = i * 3;
    const d = (n - 1 - i) * 3;
    out[d] = data[s] as number;
    out[d + 1] = data[s + 1] as number;
    out[d + 2] = data[s + 2] as number;
  }
  return { data: out, width, height };
}
