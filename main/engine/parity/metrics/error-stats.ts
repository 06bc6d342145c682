/**
 * Element-wise error statistics of a candidate output against the reference, with Polygraphy's semantics:
 * an element fails only when |a−b| > atol AND |a−b| > rtol·|b| (a = candidate, b = reference).
 */
import type { ErrorStats } from '../../../../shared/report/metrics.js';
import type { FloatArray } from './float-array.js';
import type { AbsDiffHistogram } from './abs-diff-histogram.js';
import { bucketedQuantilesInPlace } from './quantiles.js';
import { BUCKET_COUNT, bucketOfHighWord, HI_WORD, highWords } from './abs-diff-buckets.js';
import { scratchFloat } from './scratch.js';
import { assertSameLength } from './same-length.js';

export interface ErrorStatsOptions {
  atol: number;
  rtol: number;
  /** Receives every finite |Δ| of this call (the output's run-wide histogram, for quantiles over the run). */
  histogram?: AbsDiffHistogram;
}

/**
 * Polygraphy adds this to reference values that are exactly 0 before dividing, so a relative error stays finite
 * (and JSON-safe) but huge: |a−0| / 2.22e-16. A 0/0 element has relative error 0.
 */
export const ZERO_REFERENCE_EPSILON = 2.220446049250313e-16;

const QUANTILES = [0.5, 0.9, 0.99, 0.999] as const;

/**
 * Error statistics of `candidate` vs `reference`. Pairs where either value is NaN or ±Inf are left out of
 * maxAbs/maxRel/meanAbs/quantiles but counted in nanCount/infCount; such a pair is a mismatch unless both hold
 * the same non-finite value (NaN and NaN, +Inf and +Inf). Quantiles are exact (type 7, see quantiles.ts).
 */
export function errorStats(reference: FloatArray, candidate: FloatArray, options: ErrorStatsOptions): ErrorStats {
  assertSameLength(reference, candidate);
  const n = reference.length;
  const diffs = scratchFloat('absDiff', n);
  const counts = scratchFloat('bucketCounts', BUCKET_COUNT).fill(0);
  const pass = finitePass(reference, candidate, diffs, counts, options.atol, options.rtol);
  const bad = pass.finite === n ? noNonFinite() : nonFinitePass(reference, candidate);
  options.histogram?.addCounts(counts, pass.finite, pass.minAbs, pass.maxAbs);
  const [p50 = 0, p90 = 0, p99 = 0, p999 = 0] = bucketedQuantilesInPlace(diffs, pass.finite, QUANTILES, counts);
  const mismatches = pass.mismatches + bad.mismatches;
  return {
    maxAbs: pass.maxAbs,
    maxRel: pass.maxRel,
    meanAbs: pass.finite === 0 ? 0 : pass.sumAbs / pass.finite,
    quantiles: { p50, p90, p99, p999 },
    allclose: mismatches === 0,
    mismatchCount: mismatches,
    elementCount: n,
    nanCount: bad.nanCount,
    infCount: bad.infCount,
  };
}

interface FinitePass {
  finite: number;
  sumAbs: number;
  maxAbs: number;
  minAbs: number;
  maxRel: number;
  mismatches: number;
}

/**
 * The hot loop over finite pairs, kept in its own small function so V8 optimises it whole instead of
 * deoptimising at the code after it. Writes each finite |Δ| to diffs[0..finite) and counts its bucket.
 */
function finitePass(
  reference: FloatArray,
  candidate: FloatArray,
  diffs: Float64Array,
  counts: Float64Array,
  atol: number,
  rtol: number,
): FinitePass {
  const words = highWords(diffs);
  const hi = HI_WORD;
  const n = reference.length;
  let finite = 0;
  let sumAbs = 0;
  let maxAbs = 0;
  let minAbs = Infinity;
  let maxRel = 0;
  let mismatches = 0;
  for (let i = 0; i < n; i++) {
    const b = reference[i]!;
    const d = Math.abs(candidate[i]! - b);
    // d is finite only when both values are.
    if (d <= Number.MAX_VALUE) {
      diffs[finite] = d;
      // Bucket the value from its stored bits now, while they are in cache (see abs-diff-buckets.ts).
      counts[bucketOfHighWord(words[2 * finite + hi]!)]!++;
      finite++;
      sumAbs += d;
      if (d > maxAbs) maxAbs = d;
      if (d < minAbs) minAbs = d;
      const absB = Math.abs(b);
      // Divide only when this element may set a new maximum (d/|b| > maxRel ⇔ d > maxRel·|b|).
      if (d > maxRel * absB) maxRel = d / (absB === 0 ? ZERO_REFERENCE_EPSILON : absB);
      if (d > atol && d > rtol * absB) mismatches++;
    }
  }
  return { finite, sumAbs, maxAbs, minAbs, maxRel, mismatches };
}

interface NonFiniteCounts {
  mismatches: number;
  nanCount: ErrorStats['nanCount'];
  infCount: ErrorStats['infCount'];
}

function noNonFinite(): NonFiniteCounts {
  return { mismatches: 0, nanCount: { reference: 0, candidate: 0 }, infCount: { reference: 0, candidate: 0 } };
}

/** NaN/Inf per model, and pairs that differ in them (the same non-finite value in both is not a mismatch). */
function nonFinitePass(reference: FloatArray, candidate: FloatArray): NonFiniteCounts {
  const counts = noNonFinite();
  for (let i = 0; i < reference.length; i++) {
    const b = reference[i]!;
    const a = candidate[i]!;
    if (b - b === 0 && a - a === 0) continue;
    if (b !== b) counts.nanCount.reference++;
    else if (b === Infinity || b === -Infinity) counts.infCount.reference++;
    if (a !== a) counts.nanCount.candidate++;
    else if (a === Infinity || a === -Infinity) counts.infCount.candidate++;
    const sameNonFinite = (a !== a && b !== b) || a === b;
    if (!sameNonFinite) counts.mismatches++;
  }
  return counts;
}
