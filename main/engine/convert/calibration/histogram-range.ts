/**
 * Activation ranges from histograms, as ONNX Runtime's calibrators (onnxruntime.quantization.calibrate) compute
 * them. Percentile is PercentileCalibrater's symmetric default: t is the p-th percentile of |x| on a 2048-bin
 * histogram over [min|x|, max|x|] (the left edge of the first bin whose cumulative share reaches p), and the range
 * [−t, t] clipped to the observed [min, max]. Entropy is EntropyCalibrater's KL search: a signed histogram over
 * [−max|x|, max|x|], every window of 128 quantized bins centred on zero tried, the window of least KL(p ‖ q) kept,
 * clipped to [min, max]. Parity runs it on 2048 bins: with EntropyCalibrater's default of 128 bins (which
 * quantize_static cannot change) there is a single window and the result is min/max.
 */
import type { FixedHistogram } from './histogram.js';

export interface ActivationRange {
  min: number;
  max: number;
}

/** PercentileCalibrater's default bins, the bins Parity's entropy uses, and the KL search's quantized bins. */
export const PERCENTILE_BINS = 2048;
export const ENTROPY_BINS = 2048;
export const QUANTIZED_BINS = 128;

function clamp(range: ActivationRange, min: number, max: number): ActivationRange {
  return { min: Math.max(range.min, min), max: Math.min(range.max, max) };
}

/** ORT's symmetric percentile range from the |x| histogram and the observed [min, max]. */
export function percentileRange(abs: FixedHistogram, min: number, max: number, percentile: number): ActivationRange {
  const total = abs.total();
  if (total === 0 || !(abs.hi > 0)) return { min: Math.min(min, 0), max: Math.max(max, 0) };
  const wanted = percentile / 100;
  let cdf = 0;
  let index = abs.bins;
  for (let i = 0; i < abs.bins; i++) {
    cdf += abs.counts[i]! / total;
    if (cdf >= wanted) {
      index = i;
      break;
    }
  }
  const t = abs.edge(index);
  return clamp({ min: -t, max: t }, min, max);
}

/** ORT's smooth_distribution: eps on empty bins, taken evenly from the others; null when all are empty. */
function smooth(p: Float64Array, eps = 0.0001): Float64Array | null {
  let zeros = 0;
  for (let i = 0; i < p.length; i++) if (p[i] === 0) zeros++;
  const nonZeros = p.length - zeros;
  if (nonZeros === 0) return null;
  const eps1 = (eps * zeros) / nonZeros;
  const out = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) out[i] = p[i] === 0 ? eps : p[i]! - eps1;
  return out;
}

/** KL(p ‖ q) of two unnormalised distributions of equal length (ORT's entropy()). */
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
    const qi = q[i]! / sq;
    if (pi > 0) kl += qi > 0 ? pi * Math.log(pi / qi) : Infinity;
  }
  return kl;
}

/** KL divergence of the window [start, end) against its `quantizedBins`-level version, built as ORT builds it. */
function windowDivergence(counts: Float64Array, start: number, end: number, quantizedBins: number, prefix: Float64Array): number {
  const size = end - start;
  const p = counts.slice(start, end);
  p[0] = p[0]! + prefix[start]!;
  p[size - 1] = p[size - 1]! + (prefix[counts.length]! - prefix[end]!);
  const merged = Math.floor(size / quantizedBins);
  const q = new Float64Array(size);
  for (let b = 0; b < quantizedBins; b++) {
    const s = b * merged;
    const e = s + merged;
    let sum = prefix[start + e]! - prefix[start + s]!;
    if (b === quantizedBins - 1) sum += prefix[end]! - prefix[start + quantizedBins * merged]!;
    let nonZero = 0;
    for (let k = s; k < e; k++) if (p[k] !== 0) nonZero++;
    // ORT writes into an int64 array: the per-bin share is truncated, and spread over the whole merged group.
    if (nonZero > 0) q.fill(Math.trunc(sum / nonZero), s, e);
  }
  const ps = smooth(p);
  const qs = smooth(q);
  return ps === null || qs === null ? Infinity : klDivergence(ps, qs);
}

/** ORT's entropy (KL) range from the signed histogram over [−max|x|, max|x|] and the observed [min, max]. */
export function entropyRange(signed: FixedHistogram, min: number, max: number, quantizedBins = QUANTIZED_BINS): ActivationRange {
  const bins = signed.bins;
  if (signed.total() === 0 || !(signed.hi > 0) || bins < quantizedBins) return { min: Math.min(min, 0), max: Math.max(max, 0) };
  const counts = signed.counts;
  const prefix = new Float64Array(bins + 1);
  for (let i = 0; i < bins; i++) prefix[i + 1] = prefix[i]! + counts[i]!;
  const zero = Math.floor(bins / 2);
  const half = Math.floor(quantizedBins / 2);
  let best = Infinity;
  let range: ActivationRange = { min: signed.edge(0), max: signed.edge(bins) };
  for (let i = half; i <= zero; i++) {
    const start = zero - i;
    const end = Math.min(zero + i + 1, bins);
    const kl = windowDivergence(counts, start, end, quantizedBins, prefix);
    if (kl < best) {
      best = kl;
      range = { min: signed.edge(start), max: signed.edge(end) };
    }
  }
  return clamp(range, min, max);
}
