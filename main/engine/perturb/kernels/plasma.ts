/**
 * Diamond-square plasma fractal on a periodic square grid of side `size` (a power of two), normalised to [0, 1]:
 * square step (each square's centre = mean of its 4 corners + noise), then diamond step (each edge midpoint =
 * mean of its 2 corners and 2 neighbouring centres + noise), halving the step each round and dividing the
 * noise's scale by `decay`. As in ImageNet-C's fog, the noise at a level is wibble·U(−wibble, wibble) with wibble
 * starting at 100; only the ratio between levels matters after normalisation.
 */
import type { Rng } from '../rng.js';

export function plasmaFractal(size: number, decay: number, rng: Rng): Float32Array {
  if (size < 2 || (size & (size - 1)) !== 0) throw new RangeError(`plasma size must be a power of two ≥ 2, got ${size}`);
  const map = new Float64Array(size * size);
  const mask = size - 1;
  let step = size;
  let wibble = 100;
  while (step >= 2) {
    const half = step >> 1;
    const amplitude = wibble * wibble;
    for (let y = 0; y < size; y += step) {
      const y1 = ((y + step) & mask) * size;
      const y0 = y * size;
      for (let x = 0; x < size; x += step) {
        const x1 = (x + step) & mask;
        const sum = map[y0 + x]! + map[y1 + x]! + map[y0 + x1]! + map[y1 + x1]!;
        map[(y + half) * size + x + half] = sum / 4 + amplitude * (rng.uniform() * 2 - 1);
      }
    }
    for (let y = 0; y < size; y += step) {
      const up = ((y - half) & mask) * size;
      const down = (y + half) * size;
      const y0 = y * size;
      const y1 = ((y + step) & mask) * size;
      for (let x = 0; x < size; x += step) {
        const x1 = (x + step) & mask;
        const left = (x - half) & mask;
        // Midpoint of the top edge (y, x + half): corners left/right, centres above/below.
        const top = map[y0 + x]! + map[y0 + x1]! + map[up + x + half]! + map[down + x + half]!;
        map[y0 + x + half] = top / 4 + amplitude * (rng.uniform() * 2 - 1);
        // Midpoint of the left edge (y + half, x): corners above/below, centres left/right.
        const side = map[y0 + x]! + map[y1 + x]! + map[down + left]! + map[down + x + half]!;
        map[down + x] = side / 4 + amplitude * (rng.uniform() * 2 - 1);
      }
    }
    step = half;
    wibble /= decay;
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < map.length; i++) {
    const v = map[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const scale = 1 / (hi - lo || 1);
  const out = new Float32Array(map.length);
  for (let i = 0; i < map.length; i++) out[i] = (map[i]! - lo) * scale;
  return out;
}

/** The smallest power of two ≥ n (at least 2). */
export function nextPowerOfTwo(n: number): number {
  let p = 2;
  while (p < n) p *= 2;
  return p;
}
