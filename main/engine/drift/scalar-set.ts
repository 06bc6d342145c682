/**
 * Per-image scalars of one folder (image statistics, top-1 confidence, entropy), streamed: exact count, mean,
 * min and max, PSI bin counts once the bins are known, and a seeded sample of 10,000 rows for the KS test and
 * the histograms — exact for folders up to that size, fixed memory beyond.
 */
import { KS_EXACT_MAX_N, ksTwoSample } from './ks-test.js';
import { binOf, psiBinCount, psiOfCounts, quantileCuts, quantileSorted } from './psi.js';
import { RowReservoir } from './reservoir.js';
import type { DriftHistogram, SampleSummary, ScalarShift } from '../../../shared/drift/drift-report.js';

export const SCALAR_SAMPLE = KS_EXACT_MAX_N;
const HISTOGRAM_BINS = 30;

export class ScalarSet {
  readonly sample: RowReservoir;
  readonly count: number[];
  private readonly sum: number[];
  private readonly min: number[];
  private readonly max: number[];
  private binCuts: number[][] | null = null;
  private binCounts: number[][] | null = null;

  constructor(
    readonly columns: readonly string[],
    seed: number,
  ) {
    this.sample = new RowReservoir(SCALAR_SAMPLE, columns.length, seed);
    this.count = columns.map(() => 0);
    this.sum = columns.map(() => 0);
    this.min = columns.map(() => Infinity);
    this.max = columns.map(() => -Infinity);
  }

  /** Adds one image's values (NaN for a value that does not exist for this image). */
  add(values: ArrayLike<number>): void {
    this.sample.offer(values);
    for (let k = 0; k < this.columns.length; k++) {
      const v = values[k]!;
      if (!Number.isFinite(v)) continue;
      this.count[k]! += 1;
      this.sum[k]! += v;
      if (v < this.min[k]!) this.min[k] = v;
      if (v > this.max[k]!) this.max[k] = v;
      if (this.binCuts) this.binCounts![k]![binOf(this.binCuts[k]!, v)]! += 1;
    }
  }

  /** From now on, count every value into these PSI bins (one cut list per column). */
  countInto(cuts: number[][]): void {
    this.binCuts = cuts;
    this.binCounts = cuts.map((c) => new Array<number>(c.length + 1).fill(0));
  }

  /** Sorted finite values of column k in the sample. */
  values(k: number): Float64Array {
    return this.sample.sortedColumn(k).filter((v) => Number.isFinite(v));
  }

  /** PSI bin cuts of every column at this (reference) set's quantiles, for a field of `fieldCount` images. */
  psiCuts(fieldCount: number): number[][] {
    return this.columns.map((_, k) => {
      const sorted = this.values(k);
      return quantileCuts(sorted, psiBinCount(sorted.length, fieldCount));
    });
  }

  summary(k: number): SampleSummary {
    const n = this.count[k]!;
    if (n === 0) return { count: 0, mean: null, median: null, min: null, max: null };
    return { count: n, mean: this.sum[k]! / n, median: quantileSorted(this.values(k), 0.5), min: this.min[k]!, max: this.max[k]! };
  }

  /** The PSI bin counts of column k (after countInto). */
  counts(k: number): number[] | null {
    return this.binCounts ? this.binCounts[k]! : null;
  }
}

/** How far column k moved from `reference` to `field` (the field counted into the reference's PSI bins). */
export function scalarShift(reference: ScalarSet, field: ScalarSet, k: number, cuts: readonly number[], log: boolean): ScalarShift {
  const r = reference.values(k);
  const f = field.values(k);
  const referenceCounts = new Array<number>(cuts.length + 1).fill(0);
  for (const v of r) referenceCounts[binOf(cuts, v)]! += 1;
  const fieldCounts = field.counts(k) ?? new Array<number>(cuts.length + 1).fill(0);
  const ks = r.length > 0 && f.length > 0 ? ksTwoSample(r, f) : null;
  return {
    psi: psiOfCounts(referenceCounts, fieldCounts),
    psiBins: cuts.length + 1,
    ks: ks?.statistic ?? null,
    pValue: ks?.pValue ?? null,
    ksSample: { reference: r.length, field: f.length },
    reference: reference.summary(k),
    field: field.summary(k),
    histogram: overlaidHistogram(r, f, log),
  };
}

/** Two histograms on shared equal-width bins over both samples' range (in log10(1 + x) when `log`). */
export function overlaidHistogram(reference: ArrayLike<number>, field: ArrayLike<number>, log: boolean): DriftHistogram {
  const t = (v: number): number => (log ? Math.log10(1 + Math.max(0, v)) : v);
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of [reference, field]) {
    for (let i = 0; i < s.length; i++) {
      const v = t(s[i]!);
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (!Number.isFinite(lo)) return { edges: [], reference: [], field: [], log };
  const bins = hi > lo ? HISTOGRAM_BINS : 1;
  const width = hi > lo ? (hi - lo) / bins : 1;
  const start = hi > lo ? lo : lo - 0.5;
  const edgesT = Array.from({ length: bins + 1 }, (_, i) => start + i * width);
  const count = (s: ArrayLike<number>): number[] => {
    const c = new Array<number>(bins).fill(0);
    for (let i = 0; i < s.length; i++) c[Math.min(bins - 1, Math.max(0, Math.floor((t(s[i]!) - start) / width)))]! += 1;
    return c;
  };
  const edges = edgesT.map((e) => (log ? 10 ** e - 1 : e));
  return { edges, reference: count(reference), field: count(field), log };
}
