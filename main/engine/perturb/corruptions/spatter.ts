/**
 * ImageNet-C's spatter, made on the layer grid (see layerGrid) and resized to the image. Liquid is
 * blurred, thresholded normal noise. Water (severities 1–3): its Canny outline's distance map, equalised and
 * embossed, gives pale-turquoise highlights added to the image. Mud (4–5): the wet area, blurred and cut at 0.8,
 * replaces the image with brown.
 */
import type { RgbImage } from '../../images/index.js';
import type { Rng } from '../rng.js';
import { blurPlane } from '../kernels/gaussian-blur.js';
import { BOX_3X3, canny, correlate3x3, distanceToNearest, equalizeHistogram } from '../kernels/edges.js';
import { layerGrid, resizePlane } from '../kernels/resize-plane.js';
import { unitToByte } from '../pixels.js';

export interface SpatterParams {
  mean: number;
  std: number;
  sigma: number;
  threshold: number;
  intensity: number;
  mud: number;
}

const WATER = [175 / 255, 238 / 255, 238 / 255] as const;
const MUD = [63 / 255, 42 / 255, 20 / 255] as const;
const EMBOSS = [-2, -1, 0, -1, 1, 1, 0, 1, 2] as const;

/** Water highlight strength per grid cell (max = intensity). */
function waterLayer(liquid: Float32Array, gw: number, gh: number, intensity: number): Float32Array {
  const n = gw * gh;
  const liquid8 = new Uint8Array(n);
  for (let i = 0; i < n; i++) liquid8[i] = Math.min(255, Math.max(0, Math.floor(liquid[i]! * 255)));
  const edges = canny(liquid8, gw, gh, 50, 150);
  const dist = distanceToNearest(edges, gw, gh);
  for (let i = 0; i < n; i++) dist[i] = Math.min(20, dist[i]!);
  const smoothed = correlate3x3(dist, gw, gh, BOX_3X3);
  const dist8 = new Uint8Array(n);
  for (let i = 0; i < n; i++) dist8[i] = Math.min(255, Math.max(0, Math.floor(smoothed[i]!)));
  const equalised = equalizeHistogram(dist8);
  const embossed = correlate3x3(equalised, gw, gh, EMBOSS);
  const emboss8 = new Uint8Array(n);
  for (let i = 0; i < n; i++) emboss8[i] = Math.min(255, Math.max(0, Math.round(embossed[i]!)));
  const final = correlate3x3(emboss8, gw, gh, BOX_3X3);
  const m = new Float32Array(n);
  let max = 0;
  for (let i = 0; i < n; i++) {
    m[i] = liquid8[i]! * Math.round(final[i]!);
    if (m[i]! > max) max = m[i]!;
  }
  const k = max > 0 ? intensity / max : 0;
  for (let i = 0; i < n; i++) m[i]! *= k;
  return m;
}

/** Mud opacity per grid cell. */
function mudLayer(liquid: Float32Array, gw: number, gh: number, threshold: number, sigma: number): Float32Array {
  const wet = new Float32Array(gw * gh);
  for (let i = 0; i < wet.length; i++) wet[i] = liquid[i]! > threshold ? 1 : 0;
  const m = blurPlane(wet, gw, gh, sigma);
  for (let i = 0; i < m.length; i++) if (m[i]! < 0.8) m[i] = 0;
  return m;
}

export function spatter(image: RgbImage, params: SpatterParams, rng: Rng): RgbImage {
  const { width, height, data: src } = image;
  const grid = layerGrid(width, height);
  const gw = grid.width;
  const gh = grid.height;
  const noise = rng.fillNormal(new Float32Array(gw * gh), params.mean, params.std);
  const liquid = blurPlane(noise, gw, gh, params.sigma);
  for (let i = 0; i < liquid.length; i++) if (liquid[i]! < params.threshold) liquid[i] = 0;
  const mud = params.mud >= 0.5;
  const layerOnGrid = mud ? mudLayer(liquid, gw, gh, params.threshold, params.intensity) : waterLayer(liquid, gw, gh, params.intensity);
  const layer = resizePlane(layerOnGrid, gw, gh, width, height);
  const data = new Uint8Array(src.length);
  for (let i = 0, j = 0; i < width * height; i++, j += 3) {
    const m = layer[i]!;
    for (let c = 0; c < 3; c++) {
      const x = src[j + c]! / 255;
      data[j + c] = unitToByte(mud ? x * (1 - m) + MUD[c]! * m : x + m * WATER[c]!);
    }
  }
  return { data, width, height };
}
