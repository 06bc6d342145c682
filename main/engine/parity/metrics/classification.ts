/**
 * Agreement of two classifiers' class-probability rows: one row for a plain classifier, one per position for a
 * sequence [N,T,C]. Figures are averaged over rows, except maxProbDiff which is the max over all rows.
 */
import type { ClassificationMetrics, TopKEntry } from '../../../../shared/report/metrics.js';
import type { FloatArray } from './float-array.js';
import { classificationLayout } from './output-kind.js';
import { copyRow, softmaxRow } from './probability-row.js';
import { assertSameLength } from './same-length.js';
import { scratchFloat } from './scratch.js';
import { topKIndices } from './top-k.js';
import { LOG_RATIO_NEAR_LIMIT, logRatioNear } from './log-ratio.js';

export interface ClassificationOptions {
  /** Apply softmax to both models' rows first (from detectOutputKind on the first image). */
  logits: boolean;
  /** Length of the top-k lists returned for the first row. */
  topK: number;
}

export interface ClassificationResult {
  metrics: ClassificationMetrics;
  /** Top-k of the first row for each model ([] for a model whose first row holds NaN/Inf). */
  topK: { reference: TopKEntry[]; candidate: TopKEntry[] };
}

/**
 * Probabilities are clamped to ≥ PROBABILITY_FLOOR (without renormalising) before taking logs in KL and JS, so a
 * class one model gives probability 0 adds a large finite term (at most ln(1e12) ≈ 27.6 per unit of mass)
 * instead of Infinity. KL is summed as Σ p·ln(p/q) − p + q, which equals KL(p‖q) for distributions and stays
 * accurate when rows sum to 1 only within float rounding.
 */
export const PROBABILITY_FLOOR = 1e-12;
const OVERLAP_K = 5;

/**
 * Compares class-probability rows of `candidate` against `reference` (natural log for KL/JS). A row holding NaN
 * or +Inf in a model (or only −Inf logits) has no distribution: that model predicts nothing on the row, taken as
 * an all-zero probability vector, so the row never agrees at top-1, overlaps 0, has cosine 0 and
 * confidence 0.
 */
export function classificationMetrics(
  reference: FloatArray,
  candidate: FloatArray,
  dims: readonly number[],
  options: ClassificationOptions,
): ClassificationResult {
  assertSameLength(reference, candidate);
  const { rows, classes } = classificationLayout(dims);
  const overlapK = Math.min(OVERLAP_K, classes);
  const listK = Math.max(overlapK, Math.min(options.topK, classes));
  const p = scratchFloat('refRow', classes);
  const q = scratchFloat('candRow', classes);
  const pTop = new Int32Array(listK);
  const qTop = new Int32Array(listK);
  const toRow = options.logits ? softmaxRow : copyRow;

  let top1 = 0;
  let overlap = 0;
  let meanDiff = 0;
  let maxDiff = 0;
  let kl = 0;
  let js = 0;
  let cosine = 0;
  let confidence = 0;
  const topK: ClassificationResult['topK'] = { reference: [], candidate: [] };
  const rowSums: RowComparison = { sumAbs: 0, maxAbs: 0, dot: 0, pp: 0, qq: 0, kl: 0, js: 0 };

  for (let row = 0; row < rows; row++) {
    const offset = row * classes;
    const pOk = toRow(reference, offset, classes, p);
    const qOk = toRow(candidate, offset, classes, q);
    if (!pOk) p.fill(0, 0, classes);
    if (!qOk) q.fill(0, 0, classes);
    const pCount = pOk ? topKIndices(p, classes, listK, pTop) : 0;
    const qCount = qOk ? topKIndices(q, classes, listK, qTop) : 0;
    if (row === 0) {
      const k = Math.min(options.topK, classes);
      topK.reference = entries(p, pTop, Math.min(k, pCount));
      topK.candidate = entries(q, qTop, Math.min(k, qCount));
    }
    if (pOk && qOk && pTop[0] === qTop[0]) top1++;
    if (pOk && qOk) overlap += intersection(pTop, qTop, overlapK) / overlapK;
    confidence += (qOk ? q[qTop[0]!]! : 0) - (pOk ? p[pTop[0]!]! : 0);

    const r = compareRow(p, q, classes, rowSums);
    meanDiff += r.sumAbs / classes;
    if (r.maxAbs > maxDiff) maxDiff = r.maxAbs;
    // Rounding can push these slightly outside their true range.
    kl += Math.max(0, r.kl);
    js += Math.min(Math.max(0, r.js), Math.LN2);
    cosine += r.pp > 0 && r.qq > 0 ? Math.min(1, Math.max(-1, r.dot / Math.sqrt(r.pp * r.qq))) : 0;
  }

  const mean = (sum: number): number => (rows === 0 ? 0 : sum / rows);
  return {
    metrics: {
      top1Agreement: mean(top1),
      top5Overlap: mean(overlap),
      meanProbDiff: mean(meanDiff),
      maxProbDiff: maxDiff,
      klDivergence: mean(kl),
      jsDivergence: mean(js),
      cosine: mean(cosine),
      confidenceDelta: mean(confidence),
      appliedSoftmax: options.logits,
    },
    topK,
  };
}

/** Sums over one row's classes; reused across rows. */
interface RowComparison {
  sumAbs: number;
  maxAbs: number;
  dot: number;
  pp: number;
  qq: number;
  kl: number;
  js: number;
}

/** The per-class sums of one row, in a small function V8 optimises whole (the hot loop on 6625-class rows). */
function compareRow(p: Float64Array, q: Float64Array, classes: number, out: RowComparison): RowComparison {
  let sumAbs = 0;
  let maxAbs = 0;
  let dot = 0;
  let pp = 0;
  let qq = 0;
  let kl = 0;
  let js = 0;
  for (let i = 0; i < classes; i++) {
    const pi = p[i]!;
    const qi = q[i]!;
    const d = Math.abs(pi - qi);
    sumAbs += d;
    if (d > maxAbs) maxAbs = d;
    dot += pi * qi;
    pp += pi * pi;
    qq += qi * qi;
    const pc = pi > PROBABILITY_FLOOR ? pi : PROBABILITY_FLOOR;
    const qc = qi > PROBABILITY_FLOOR ? qi : PROBABILITY_FLOOR;
    // Equal clamped values contribute exactly 0 to both divergences: skip the logs.
    if (pc !== qc) {
      // With r = p/q and m = (p+q)/2: p·ln(p/m) + q·ln(q/m) = p·ln r + (p+q)·ln(2q/(p+q)), so KL and JS share
      // ln r: two logs per class instead of three. Both ratios are (1+u)/(1−u), with u = (p−q)/(p+q) for p/q
      // and u = (q−p)/(p+3q) for 2q/(p+q); near p ≈ q the logs come from a polynomial in u (accurate there,
      // and fast); far from it plain logs have no cancellation to fear.
      const diff = pc - qc;
      const sum = pc + qc;
      const u = diff / sum;
      const near = u <= LOG_RATIO_NEAR_LIMIT && -u <= LOG_RATIO_NEAR_LIMIT;
      const logR = near ? logRatioNear(u) : Math.log(pc / qc);
      const logQm = near ? logRatioNear(-diff / (pc + 3 * qc)) : Math.log((2 * qc) / sum);
      // p·ln(p/q) − p + q: the same sum for distributions, but each term is ≥ 0 and a row that sums to 1 only
      // within float32 rounding (±1e-7) does not shift KL by that much.
      kl += pc * logR - diff;
      js += 0.5 * (pc * logR + sum * logQm);
    }
  }
  out.sumAbs = sumAbs;
  out.maxAbs = maxAbs;
  out.dot = dot;
  out.pp = pp;
  out.qq = qq;
  out.kl = kl;
  out.js = js;
  return out;
}

function entries(probs: Float64Array, indices: Int32Array, k: number): TopKEntry[] {
  const out: TopKEntry[] = [];
  for (let i = 0; i < k; i++) out.push({ index: indices[i]!, prob: probs[indices[i]!]! });
  return out;
}

function intersection(a: Int32Array, b: Int32Array, k: number): number {
  let shared = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      if (a[i] === b[j]) {
        shared++;
        break;
      }
    }
  }
  return shared;
}
