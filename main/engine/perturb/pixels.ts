/**
 * Float views of an RgbImage for the corruptions, which compute on values in [0, 1] like ImageNet-C, and the way
 * back to 8-bit: clip to [0, 1], scale by 255, round to nearest (ImageNet-C truncates when it saves; rounding
 * avoids its half-level darkening).
 */
import type { RgbImage } from '../images/index.js';

const UNIT = Float32Array.from({ length: 256 }, (_, v) => v / 255);

/** Nearest 8-bit value of a unit value, clipped. */
export function unitToByte(v: number): number {
  if (!(v > 0)) return 0; // also maps NaN to 0
  if (v >= 1) return 255;
  return (v * 255 + 0.5) | 0;
}

/** Interleaved RGB values in [0, 1]. */
export function unitInterleaved(image: RgbImage): Float32Array {
  const src = image.data;
  const out = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = UNIT[src[i]!]!;
  return out;
}

/** Back from interleaved unit values to an 8-bit image. */
export function fromUnitInterleaved(values: Float32Array, width: number, height: number): RgbImage {
  const data = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) data[i] = unitToByte(values[i]!);
  return { data, width, height };
}

export type Planes = [Float32Array, Float32Array, Float32Array];

/** One plane per channel (R, G, B), values in [0, 1]. */
export function unitPlanes(image: RgbImage): Planes {
  const n = image.width * image.height;
  const src = image.data;
  const r = new Float32Array(n);
  const g = new Float32Array(n);
  const b = new Float32Array(n);
  for (let i = 0, j = 0; i < n; i++, j += 3) {
    r[i] = UNIT[src[j]!]!;
    g[i] = UNIT[src[j + 1]!]!;
    b[i] = UNIT[src[j + 2]!]!;
  }
  return [r, g, b];
}

/** Back from three unit planes to an 8-bit image. */
export function fromUnitPlanes(planes: Planes, width: number, height: number): RgbImage {
  const n = width * height;
  const data = new Uint8Array(n * 3);
  const [r, g, b] = planes;
  for (let i = 0, j = 0; i < n; i++, j += 3) {
    data[j] = unitToByte(r[i]!);
    data[j + 1] = unitToByte(g[i]!);
    data[j + 2] = unitToByte(b[i]!);
  }
  return { data, width, height };
}

/** Luma of interleaved unit RGB with OpenCV's RGB2GRAY weights (0.299, 0.587, 0.114). */
export function grayOfInterleaved(values: Float32Array, pixels: number): Float32Array {
  const out = new Float32Array(pixels);
  for (let i = 0, j = 0; i < pixels; i++, j += 3) out[i] = 0.299 * values[j]! + 0.587 * values[j + 1]! + 0.114 * values[j + 2]!;
  return out;
}

/** A copy of an image (perturbations never modify their input). */
export function copyImage(image: RgbImage): RgbImage {
  return { data: new Uint8Array(image.data), width: image.width, height: image.height };
}
