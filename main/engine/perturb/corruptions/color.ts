/**
 * ImageNet-C's brightness, saturate and contrast. Brightness and saturate change one HSV coordinate with the
 * other two fixed; done in RGB directly (every channel of a pixel is V·(1 − S·k) with k fixed by the hue), which
 * equals skimage's rgb2hsv → change → hsv2rgb round trip, including its conventions for grey (H = 0) and black.
 */
import type { RgbImage } from '../../images/index.js';
import { unitToByte } from '../pixels.js';

/** V ← min(1, V + delta), H and S unchanged. */
export function brightness(image: RgbImage, params: { delta: number }): RgbImage {
  const src = image.data;
  const data = new Uint8Array(src.length);
  for (let i = 0; i < src.length; i += 3) {
    const r = src[i]! / 255;
    const g = src[i + 1]! / 255;
    const b = src[i + 2]! / 255;
    const v = Math.max(r, g, b);
    if (v === 0) {
      const grey = unitToByte(params.delta);
      data[i] = grey;
      data[i + 1] = grey;
      data[i + 2] = grey;
      continue;
    }
    const k = Math.min(1, v + params.delta) / v;
    data[i] = unitToByte(r * k);
    data[i + 1] = unitToByte(g * k);
    data[i + 2] = unitToByte(b * k);
  }
  return { data, width: image.width, height: image.height };
}

/** S ← clip(S·factor + offset, 0, 1), H and V unchanged (grey pixels have H = 0, so an offset tints them red). */
export function saturate(image: RgbImage, params: { factor: number; offset: number }): RgbImage {
  const src = image.data;
  const data = new Uint8Array(src.length);
  for (let i = 0; i < src.length; i += 3) {
    const r = src[i]! / 255;
    const g = src[i + 1]! / 255;
    const b = src[i + 2]! / 255;
    const v = Math.max(r, g, b);
    const m = Math.min(r, g, b);
    const s = v > 0 ? (v - m) / v : 0;
    const s2 = Math.min(1, Math.max(0, s * params.factor + params.offset));
    if (s > 0) {
      const k = s2 / s;
      data[i] = unitToByte(v - (v - r) * k);
      data[i + 1] = unitToByte(v - (v - g) * k);
      data[i + 2] = unitToByte(v - (v - b) * k);
    } else {
      data[i] = unitToByte(v);
      data[i + 1] = unitToByte(v * (1 - s2));
      data[i + 2] = unitToByte(v * (1 - s2));
    }
  }
  return { data, width: image.width, height: image.height };
}

/** Each channel pulled towards its mean over the image: (x − mean)·factor + mean. */
export function contrast(image: RgbImage, params: { factor: number }): RgbImage {
  const src = image.data;
  const pixels = image.width * image.height;
  const sums = [0, 0, 0];
  for (let i = 0; i < src.length; i += 3) {
    sums[0]! += src[i]!;
    sums[1]! += src[i + 1]!;
    sums[2]! += src[i + 2]!;
  }
  const means = sums.map((s) => s / pixels / 255);
  const lut = [0, 1, 2].map((c) => Uint8Array.from({ length: 256 }, (_, v) => unitToByte((v / 255 - means[c]!) * params.factor + means[c]!)));
  const data = new Uint8Array(src.length);
  for (let i = 0; i < src.length; i += 3) {
    data[i] = lut[0]![src[i]!]!;
    data[i + 1] = lut[1]![src[i + 1]!]!;
    data[i + 2] = lut[2]![src[i + 2]!]!;
  }
  return { data, width: image.width, height: image.height };
}
