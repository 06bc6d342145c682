/** ImageNet-C's noise corruptions, per channel value: Gaussian, shot (Poisson), impulse (salt and pepper), speckle. */
import type { RgbImage } from '../../images/index.js';
import type { Rng } from '../rng.js';
import { unitToByte } from '../pixels.js';

function mapValues(image: RgbImage, f: (unit: number) => number): RgbImage {
  const src = image.data;
  const data = new Uint8Array(src.length);
  for (let i = 0; i < src.length; i++) data[i] = unitToByte(f(src[i]! / 255));
  return { data, width: image.width, height: image.height };
}

/** x + N(0, std), clipped. */
export function gaussianNoise(image: RgbImage, params: { std: number }, rng: Rng): RgbImage {
  const { std } = params;
  return mapValues(image, (x) => x + std * rng.normal());
}

/** x + x·N(0, std), clipped. */
export function speckleNoise(image: RgbImage, params: { std: number }, rng: Rng): RgbImage {
  const { std } = params;
  return mapValues(image, (x) => x + x * std * rng.normal());
}

/** With probability `amount` a value becomes 0 or 255 (even odds), independently per channel. */
export function impulseNoise(image: RgbImage, params: { amount: number }, rng: Rng): RgbImage {
  const src = image.data;
  const data = new Uint8Array(src);
  for (let i = 0; i < src.length; i++) {
    if (rng.uniform() < params.amount) data[i] = rng.uniform() < 0.5 ? 255 : 0;
  }
  return { data, width: image.width, height: image.height };
}

/** Cumulative Poisson tables for λ = v/255·photons, v = 0…255: sampling is a binary search instead of O(λ) draws. */
interface PoissonTables {
  cdf: Float64Array[];
  /** Output byte for a draw of k photons: round(clip(k / photons) · 255). */
  byteOf: Uint8Array;
}

const poissonCache = new Map<number, PoissonTables>();

function poissonTables(photons: number): PoissonTables {
  const cached = poissonCache.get(photons);
  if (cached) return cached;
  const cdf: Float64Array[] = [];
  let maxK = 0;
  for (let v = 0; v < 256; v++) {
    const lambda = (v / 255) * photons;
    const values: number[] = [];
    let p = Math.exp(-lambda);
    let sum = 0;
    // Until the tail left out is below 1e-12 (λ ≤ a few hundred, so e^−λ does not underflow).
    for (let k = 0; ; k++) {
      sum += p;
      values.push(sum);
      if (1 - sum < 1e-12 && k >= lambda) break;
      p *= lambda / (k + 1);
      if (k > lambda + 50 * Math.sqrt(lambda + 1) + 50) break;
    }
    values[values.length - 1] = 1;
    maxK = Math.max(maxK, values.length);
    cdf.push(Float64Array.from(values));
  }
  const byteOf = Uint8Array.from({ length: maxK }, (_, k) => unitToByte(k / photons));
  const tables = { cdf, byteOf };
  poissonCache.set(photons, tables);
  return tables;
}

/** Poisson(x·photons)/photons, clipped. */
export function shotNoise(image: RgbImage, params: { photons: number }, rng: Rng): RgbImage {
  const { cdf, byteOf } = poissonTables(params.photons);
  const src = image.data;
  const data = new Uint8Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const table = cdf[src[i]!]!;
    const u = rng.uniform();
    let lo = 0;
    let hi = table.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (table[mid]! > u) hi = mid;
      else lo = mid + 1;
    }
    data[i] = byteOf[lo]!;
  }
  return { data, width: image.width, height: image.height };
}
