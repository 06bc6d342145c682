/**
 * ImageNet-C's snow. On the layer grid (see layerGrid: ≈224² for larger images, the image's pixels for smaller ones): normal noise, zoomed (flake size),
 * thresholded, stored as 8 bits, motion-blurred downwards-ish (angle in [−135°, −45°]); resized to the image, added
 * to a whitened image once as is and once turned 180°.
 */
import type { RgbImage } from '../../images/index.js';
import type { Rng } from '../rng.js';
import { clippedZoomPlane } from '../kernels/clipped-zoom.js';
import { motionBlurValues, motionTaps } from '../kernels/motion-kernel.js';
import { layerGrid, resizePlane } from '../kernels/resize-plane.js';
import { unitToByte } from '../pixels.js';

export interface SnowParams {
  mean: number;
  std: number;
  zoom: number;
  threshold: number;
  blurRadius: number;
  blurSigma: number;
  blend: number;
}

/** The flake layer (values in [0, 1]) at the image's size. */
export function snowLayer(width: number, height: number, params: SnowParams, rng: Rng): Float32Array {
  const grid = layerGrid(width, height);
  const gw = grid.width;
  const gh = grid.height;
  const noise = rng.fillNormal(new Float32Array(gw * gh), params.mean, params.std);
  const zoomed = clippedZoomPlane(noise, gw, gh, params.zoom);
  for (let i = 0; i < zoomed.length; i++) {
    const v = zoomed[i]! < params.threshold ? 0 : zoomed[i]!;
    // ImageNet-C hands the layer to ImageMagick as an 8-bit PNG (truncated).
    zoomed[i] = Math.floor(Math.min(1, Math.max(0, v)) * 255) / 255;
  }
  const taps = motionTaps(params.blurRadius, params.blurSigma, rng.range(-135, -45));
  const blurred = motionBlurValues(zoomed, gw, gh, 1, taps);
  for (let i = 0; i < blurred.length; i++) blurred[i] = Math.round(blurred[i]! * 255) / 255;
  return resizePlane(blurred, gw, gh, width, height);
}

export function snow(image: RgbImage, params: SnowParams, rng: Rng): RgbImage {
  const { width, height, data: src } = image;
  const layer = snowLayer(width, height, params, rng);
  const n = width * height;
  const data = new Uint8Array(src.length);
  const keep = params.blend;
  for (let i = 0, j = 0; i < n; i++, j += 3) {
    const r = src[j]! / 255;
    const g = src[j + 1]! / 255;
    const b = src[j + 2]! / 255;
    const whitened = (0.299 * r + 0.587 * g + 0.114 * b) * 1.5 + 0.5;
    const flakes = layer[i]! + layer[n - 1 - i]!;
    data[j] = unitToByte(keep * r + (1 - keep) * Math.max(r, whitened) + flakes);
    data[j + 1] = unitToByte(keep * g + (1 - keep) * Math.max(g, whitened) + flakes);
    data[j + 2] = unitToByte(keep * b + (1 - keep) * Math.max(b, whitened) + flakes);
  }
  return { data, width, height };
}
