/** Turns one row of class scores into probabilities in a float64 buffer. */
import type { FloatArray } from './float-array.js';

/**
 * Writes softmax(src[offset..offset+n)) into dst[0..n), subtracting the row's max first so large logits cannot
 * overflow. −Inf logits are legitimate (probability 0). Returns false for a row that has no distribution:
 * a NaN, a +Inf, or only −Inf.
 */
export function softmaxRow(src: FloatArray, offset: number, n: number, dst: Float64Array): boolean {
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = src[offset + i]!;
    if (v !== v) return false;
    if (v > max) max = v;
  }
  if (max === Infinity || max === -Infinity) return false;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const e = Math.exp(src[offset + i]! - max);
    dst[i] = e;
    sum += e;
  }
  const inv = 1 / sum;
  for (let i = 0; i < n; i++) dst[i]! *= inv;
  return true;
}

/** Copies a row of probabilities into dst[0..n) as is. Returns false when a value is NaN or ±Inf. */
export function copyRow(src: FloatArray, offset: number, n: number, dst: Float64Array): boolean {
  let ok = true;
  for (let i = 0; i < n; i++) {
    const v = src[offset + i]!;
    dst[i] = v;
    if (!(v - v === 0)) ok = false;
  }
  return ok;
}
