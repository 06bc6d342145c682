/**
 * Separable resampling taps computed as Pillow computes them: for each output pixel, the input pixels within
 * `support × max(scale, 1)` of its centre, weighted by the filter at their distance (in units of the widened
 * filter) and normalised. Pillow's BOX and BILINEAR (triangle) filters differ only in support and weight.
 */
export interface Taps {
  start: Int32Array;
  count: Int32Array;
  /** `count[i]` weights per output i, at i·stride. */
  weights: Float32Array;
  stride: number;
}

export interface PillowFilter {
  /** Half-width of the filter at scale 1, in input pixels. */
  support: number;
  weight(u: number): number;
}

export const BOX_FILTER: PillowFilter = { support: 0.5, weight: (u) => (u > -0.5 && u <= 0.5 ? 1 : 0) };
export const TRIANGLE_FILTER: PillowFilter = { support: 1, weight: (u) => Math.max(0, 1 - Math.abs(u)) };

export function pillowTaps(inSize: number, outSize: number, filter: PillowFilter): Taps {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = filter.support * filterScale;
  const stride = Math.ceil(support) * 2 + 2;
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Float32Array(outSize * stride);
  for (let i = 0; i < outSize; i++) {
    const center = (i + 0.5) * scale;
    const lo = Math.max(Math.trunc(center - support + 0.5), 0);
    const hi = Math.min(Math.trunc(center + support + 0.5), inSize);
    let total = 0;
    let n = 0;
    for (let x = lo; x < hi && n < stride; x++, n++) {
      const w = filter.weight((x - center + 0.5) / filterScale);
      weights[i * stride + n] = w;
      total += w;
    }
    if (total > 0) for (let k = 0; k < n; k++) weights[i * stride + k]! /= total;
    else if (n > 0) weights[i * stride] = 1;
    start[i] = lo;
    count[i] = Math.max(n, 1);
  }
  return { start, count, weights, stride };
}
