/**
 * ImageNet-C's fog: x + amount·plasma, rescaled by max(x)/(max(x) + amount). The plasma grid is the smallest
 * power of two covering the image (256 for 224×224, as in ImageNet-C) and the image takes its top-left corner.
 */
import type { RgbImage } from '../../images/index.js';
import type { Rng } from '../rng.js';
import { nextPowerOfTwo, plasmaFractal } from '../kernels/plasma.js';
import { unitToByte } from '../pixels.js';

export function fog(image: RgbImage, params: { amount: number; decay: number }, rng: Rng): RgbImage {
  const { width, height, data: src } = image;
  const size = nextPowerOfTwo(Math.max(width, height));
  const plasma = plasmaFractal(size, params.decay, rng);
  let maxByte = 0;
  for (let i = 0; i < src.length; i++) if (src[i]! > maxByte) maxByte = src[i]!;
  const maxVal = maxByte / 255;
  const scale = maxVal / (maxVal + params.amount);
  const data = new Uint8Array(src.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const add = params.amount * plasma[y * size + x]!;
      const o = (y * width + x) * 3;
      data[o] = unitToByte((src[o]! / 255 + add) * scale);
      data[o + 1] = unitToByte((src[o + 1]! / 255 + add) * scale);
      data[o + 2] = unitToByte((src[o + 2]! / 255 + add) * scale);
    }
  }
  return { data, width, height };
}
