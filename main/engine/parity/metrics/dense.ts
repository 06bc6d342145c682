/**
 * Agreement of two dense maps: [N,1,H,W] (or [N,H,W]) score maps through masks value ≥ threshold, [N,C,H,W]
 * multi-channel maps through their per-pixel argmax class maps.
 */
import type { DenseMetrics } from '../../../../shared/report/metrics.js';
import type { FloatArray } from './float-array.js';
import { assertSameLength } from './same-length.js';
import { scratchFloat, scratchIndex } from './scratch.js';

export interface DenseOptions {
  /** Mask threshold for single-channel maps (ignored by multi-channel maps, which use the argmax class). */
  threshold: number;
}

/**
 * IoU and Dice of the masks (single channel: ref ≥ t vs cand ≥ t, both empty → 1; multi-channel: mean over
 * the classes present in either argmax map), mean and max |Δ|, and PSNR = 10·log10(R²/MSE) where R is 1.0 when
 * the reference lies in [0,1] (probability maps) and its max−min otherwise (its |value| if constant), null when
 * the maps are identical (MSE 0). Pairs holding NaN/Inf are left out of |Δ| and MSE and are never in a mask.
 */
export function denseMetrics(
  reference: FloatArray,
  candidate: FloatArray,
  dims: readonly number[],
  options: DenseOptions,
): DenseMetrics {
  assertSameLength(reference, candidate);
  const rank = dims.length;
  const plane = rank >= 2 ? dims[rank - 1]! * dims[rank - 2]! : reference.length;
  const channels = rank >= 4 ? dims[rank - 3]! : 1;

  const { finite, sumAbs, maxAbs, sumSq, refMin, refMax } = errorPass(reference, candidate);

  const { iou, dice } =
    channels > 1
      ? argmaxOverlap(reference, candidate, channels, plane)
      : thresholdOverlap(reference, candidate, options.threshold);

  let psnr: number | null = null;
  const mse = finite === 0 ? 0 : sumSq / finite;
  if (mse > 0) {
    const inUnitRange = refMin >= 0 && refMax <= 1;
    const spread = refMax - refMin;
    const range = inUnitRange ? 1 : spread > 0 ? spread : Math.abs(refMax);
    psnr = 10 * Math.log10((range * range) / mse);
  }
  return {
    threshold: options.threshold,
    iou,
    dice,
    meanAbsDiff: finite === 0 ? 0 : sumAbs / finite,
    maxAbsDiff: maxAbs,
    psnr,
  };
}

interface DenseErrorPass {
  finite: number;
  sumAbs: number;
  maxAbs: number;
  sumSq: number;
  refMin: number;
  refMax: number;
}

/** |Δ| sums over finite pairs and the reference's finite range, in a small function V8 optimises whole. */
function errorPass(reference: FloatArray, candidate: FloatArray): DenseErrorPass {
  let finite = 0;
  let sumAbs = 0;
  let maxAbs = 0;
  let sumSq = 0;
  let refMin = Infinity;
  let refMax = -Infinity;
  for (let i = 0; i < reference.length; i++) {
    const b = reference[i]!;
    if (b < refMin) refMin = b;
    if (b > refMax) refMax = b;
    const d = Math.abs(candidate[i]! - b);
    if (d <= Number.MAX_VALUE) {
      finite++;
      sumAbs += d;
      sumSq += d * d;
      if (d > maxAbs) maxAbs = d;
    }
  }
  // ±Inf in the reference would make the range meaningless; NaN never passes the comparisons above.
  if (refMin === -Infinity || refMax === Infinity) return rangeOfFinite(reference, { finite, sumAbs, maxAbs, sumSq });
  return { finite, sumAbs, maxAbs, sumSq, refMin, refMax };
}

function rangeOfFinite(reference: FloatArray, sums: Omit<DenseErrorPass, 'refMin' | 'refMax'>): DenseErrorPass {
  let refMin = Infinity;
  let refMax = -Infinity;
  for (let i = 0; i < reference.length; i++) {
    const b = reference[i]!;
    if (b - b !== 0) continue;
    if (b < refMin) refMin = b;
    if (b > refMax) refMax = b;
  }
  return { ...sums, refMin, refMax };
}

interface Overlap {
  iou: number;
  dice: number;
}

function thresholdOverlap(reference: FloatArray, candidate: FloatArray, threshold: number): Overlap {
  let both = 0;
  let refOn = 0;
  let candOn = 0;
  for (let i = 0; i < reference.length; i++) {
    const r = reference[i]!;
    const c = candidate[i]!;
    // Arithmetic instead of branches: mask edges would otherwise mispredict.
    const inRef = +(r >= threshold && r !== Infinity);
    const inCand = +(c >= threshold && c !== Infinity);
    refOn += inRef;
    candOn += inCand;
    both += inRef & inCand;
  }
  const union = refOn + candOn - both;
  return {
    iou: union === 0 ? 1 : both / union,
    dice: refOn + candOn === 0 ? 1 : (2 * both) / (refOn + candOn),
  };
}

function argmaxOverlap(reference: FloatArray, candidate: FloatArray, channels: number, plane: number): Overlap {
  const images = plane * channels === 0 ? 0 : reference.length / (plane * channels);
  const refBest = scratchFloat('refBest', plane);
  const candBest = scratchFloat('candBest', plane);
  const refClass = scratchIndex('refArgmax', plane);
  const candClass = scratchIndex('candArgmax', plane);
  const both = new Float64Array(channels);
  const refOn = new Float64Array(channels);
  const candOn = new Float64Array(channels);
  for (let image = 0; image < images; image++) {
    const base = image * channels * plane;
    refBest.fill(-Infinity, 0, plane);
    candBest.fill(-Infinity, 0, plane);
    refClass.fill(-1, 0, plane);
    candClass.fill(-1, 0, plane);
    // Channel by channel keeps memory access sequential; NaN never wins, a pixel with no finite score has no class.
    for (let c = 0; c < channels; c++) {
      const offset = base + c * plane;
      for (let p = 0; p < plane; p++) {
        const r = reference[offset + p]!;
        if (r > refBest[p]! && r !== Infinity) {
          refBest[p] = r;
          refClass[p] = c;
        }
        const v = candidate[offset + p]!;
        if (v > candBest[p]! && v !== Infinity) {
          candBest[p] = v;
          candClass[p] = c;
        }
      }
    }
    for (let p = 0; p < plane; p++) {
      const r = refClass[p]!;
      const c = candClass[p]!;
      if (r >= 0) refOn[r]!++;
      if (c >= 0) candOn[c]!++;
      if (r >= 0 && r === c) both[r]!++;
    }
  }
  let iouSum = 0;
  let diceSum = 0;
  let present = 0;
  for (let c = 0; c < channels; c++) {
    const total = refOn[c]! + candOn[c]!;
    if (total === 0) continue;
    present++;
    iouSum += both[c]! / (total - both[c]!);
    diceSum += (2 * both[c]!) / total;
  }
  return present === 0 ? { iou: 1, dice: 1 } : { iou: iouSum / present, dice: diceSum / present };
}
