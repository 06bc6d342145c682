/**
 * ImageNet-C's frost: clip(imageWeight·x + frostWeight·frost). As ImageNet-C crops a random 224² window from one of
 * its frost photographs, a random window of the layer grid's size (see layerGrid) is cut from one of Parity's generated
 * textures (25 % larger per side) and resized to the image.
 */
import type { RgbImage } from '../../images/index.js';
import type { Rng } from '../rng.js';
import { layerGrid, resizePlane } from '../kernels/resize-plane.js';
import { FROST_VARIANTS, frostTexture } from './frost-texture.js';

export function frost(image: RgbImage, params: { imageWeight: number; frostWeight: number }, rng: Rng, seed: number): RgbImage {
  const { width, height, data: src } = image;
  const grid = layerGrid(width, height);
  const tw = Math.ceil(grid.width * 1.25);
  const th = Math.ceil(grid.height * 1.25);
  const texture = frostTexture(tw, th, rng.int(0, FROST_VARIANTS), seed);
  const left = rng.int(0, tw - grid.width + 1);
  const top = rng.int(0, th - grid.height + 1);
  const planes: Float32Array[] = [];
  for (let c = 0; c < 3; c++) {
    const crop = new Float32Array(grid.width * grid.height);
    for (let y = 0; y < grid.height; y++) {
      for (let x = 0; x < grid.width; x++) crop[y * grid.width + x] = texture[((top + y) * tw + left + x) * 3 + c]!;
    }
    planes.push(resizePlane(crop, grid.width, grid.height, width, height));
  }
  const data = new Uint8Array(src.length);
  for (let i = 0, j = 0; i < width * height; i++, j += 3) {
    for (let c = 0; c < 3; c++) {
      const v = params.imageWeight * src[j + c]! + params.frostWeight * planes[c]![i]!;
      data[j + c] = v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
    }
  }
  return { data, width, height };
}
