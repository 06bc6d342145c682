/**
 * Activation ranges from a histogram: Percentile (cut (100 − p)/2 % of the mass from each side) and Entropy (the
 * symmetric clipping threshold minimising the KL divergence between the clipped distribution and its 128-level
 * quantized version, as TensorRT and ONNX Runtime's calibrators do). Both are clamped to the observed [min, max].
 */
import type { SymmetricHistogram } from './histogram.js';

export interface ActivationRange {
  min: number;
  max: number;
}

function clampToObserved(range: ActivationRange, h: SymmetricHistogram): ActivationRange {
  return { min: Math.max(range.min, h.min), max: Math.min(range.max, h.max) };
}

/** Range keeping the central `percentile` % of the values. */
export function percentileRange(h: SymmetricHistogram, percentile: number): ActivationRange {
  const total = h.total();
  if (total === 0 || h.threshold === 0) return { min: Math.min(h.min, 0), max: Math.max(h.max, 0) };
  const cut = ((100 - percentile) / 200) * total;
  let left = 0;
  let acc = 0;
  for (let i = 0; i < h.bins; i++) {
    acc += h.counts[i]!;
    if (acc > cut) {
      left = i;
      break;
    }
  }
  let right = h.bins - 1;
  acc = 0;
  for (let i = h.bins - 1; i >= 0; i--) {
    acc += h.counts[i]!;
    if (acc > cut) {
      right = i;
      break;
    }
  }
  return clampToObserved({ min: h.edge(left), max: h.edge(right + 1) }, h);
}

/** Adds eps to empty bins and takes it from the others (ORT's smooth_distribution); null if all are empty. */
function smooth(p: Float64Array, eps = 0.0001): Float64Array | null {
  let zeros = 0;
  for (let i = 0; i < p.length; i++) if (p[i] === 0) zeros++;
  const nonZeros = p.length - zeros;
  if (nonZeros === 0) return null;
  const eps1 = (eps * zeros) / nonZeros;
  if (eps1 >= 1) return null;
  const out = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) out[i] = p[i] === 0 ? eps : p[i]! - eps1;
  return out;
}

/** KL(p ‖ q) of two unnormalised distributions of equal length. */
function klDivergence(p: Float64Array, q: Float64Array): number {
  let sp = 0;
  let sq = 0;
  for (let i = 0; i < p.length; i++) {
    sp += p[i]!;
    sq += q[i]!;
  }
  let kl = 0;
  for (let i = 0; i < p.length; i++) {
    const pi = p[i]! / sp;
    if (pi > 0) kl += pi * Math.log(pi / (q[i]! / sq));
  }
  return kl;
}

/** The KL-optimal symmetric threshold, tried at every bin count from `quantizedBins` to the full histogram. */
export function entropyRange(h: SymmetricHistogram, quantizedBins = 128): ActivationRange {
  const bins = h.bins;
  const zero = bins / 2;
  const halfQuantized = Math.floor(quantizedBins / 2);
  if (h.total() === 0 || h.threshold === 0 || zero < halfQuantized) return { min: Math.min(h.min, 0), max: Math.max(h.max, 0) };
  const counts = h.counts;
  // Prefix sums give the outlier mass on each side in O(1).
  const prefix = new Float64Array(bins + 1);
  for (let i = 0; i < bins; i++) prefix[i + 1] = prefix[i]! + counts[i]!;
  let best = Infinity;
  let bestRange: ActivationRange = { min: h.edge(0), max: h.edge(bins) };
  for (let i = halfQuantized; i <= zero; i++) {
    const start = zero - i;
    const end = Math.min(zero + i + 1, bins);
    const size = end - start;
    const p = new Float64Array(size);
    for (let k = 0; k < size; k++) p[k] = counts[start + k]!;
    p[0] = p[0]! + prefix[start]!;
    p[size - 1] = p[size - 1]! + (prefix[bins]! - prefix[end]!);
    const merged = Math.floor(size / quantizedBins);
    if (merged === 0) continue;
    const q = new Float64Array(size);
    for (let b = 0; b < quantizedBins; b++) {
      const s = b * merged;
      const e = b === quantizedBins - 1 ? size : s + merged;
      let sum = 0;
      let nonZero = 0;
      for (let k = s; k < e; k++) {
        sum += counts[start + k]!;
        if (p[k] !== 0) nonZero++;
      }
      if (nonZero === 0) continue;
      for (let k = s; k < e; k++) if (p[k] !== 0) q[k] = sum / nonZero;
    }
    const ps = smooth(p);
    const qs = smooth(q);
    if (ps === null || qs === null) continue;
    const kl = klDivergence(ps, qs);
    if (kl < best) {
      best = kl;
      bestRange = { min: h.edge(start), max: h.edge(end) };
    }
  }
  return clampToObserved(bestRange, h);
}
