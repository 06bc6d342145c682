/**
 * A fixed-size, mergeable histogram of |Δ| over the log-linear buckets of abs-diff-buckets.ts, so a run reports
 * error quantiles over every element of every image in constant memory (~41 KB per output).
 *
 * Accuracy: a quantile estimate is within BUCKET_RELATIVE_ACCURACY (1/128 ≈ 0.78 %) of the order statistic at
 * rank ⌊q·(n−1)⌋ — the lower of the two values an exact type-7 quantile interpolates between — for values in
 * [2^-40 ≈ 9.1e-13, 2^40 ≈ 1.1e12). Smaller values (exact zeros included) share one bucket that reports the
 * smallest value seen (absolute error < 9.1e-13); larger ones share one that reports the largest value seen.
 * Estimates are clamped into [smallest seen, largest seen]; q = 0 and q = 1 are exact.
 */
import {
  BUCKET_COUNT,
  BUCKET_RELATIVE_ACCURACY,
  bucketMidpoint,
  bucketOf,
  countBuckets,
  OVERFLOW_BUCKET,
  UNDERFLOW_BUCKET,
} from './abs-diff-buckets.js';

export interface AbsDiffHistogramState {
  buckets: Array<[number, number]>;
  total: number;
  smallest: number | null;
  largest: number | null;
}

export class AbsDiffHistogram {
  static readonly RELATIVE_ACCURACY = BUCKET_RELATIVE_ACCURACY;

  private readonly buckets = new Float64Array(BUCKET_COUNT);
  private total = 0;
  private smallest = Infinity;
  private largest = -Infinity;

  /** Number of values recorded. */
  get count(): number {
    return this.total;
  }

  /** Records one |Δ| (must be finite and ≥ 0; others are ignored). */
  add(value: number): void {
    if (!(value >= 0) || value === Infinity) return;
    this.buckets[bucketOf(value)]!++;
    this.total++;
    if (value < this.smallest) this.smallest = value;
    if (value > this.largest) this.largest = value;
  }

  /** Records values[0..n) (each must be finite and ≥ 0; others are ignored). */
  addAll(values: Float64Array, n: number): void {
    for (let i = 0; i < n; i++) this.add(values[i]!);
  }

  /**
   * Records a batch already counted per bucket (countBuckets), with its size and extremes: how errorStats feeds
   * a call's |Δ| values without touching them again.
   */
  addCounts(counts: Float64Array, n: number, smallest: number, largest: number): void {
    if (n === 0) return;
    for (let i = 0; i < BUCKET_COUNT; i++) this.buckets[i]! += counts[i]!;
    this.total += n;
    if (smallest < this.smallest) this.smallest = smallest;
    if (largest > this.largest) this.largest = largest;
  }

  /** The histogram as plain JSON (non-empty buckets only), for checkpoints of interrupted runs. */
  toState(): AbsDiffHistogramState {
    const buckets: Array<[number, number]> = [];
    for (let b = 0; b < BUCKET_COUNT; b++) if (this.buckets[b] !== 0) buckets.push([b, this.buckets[b]!]);
    return {
      buckets,
      total: this.total,
      smallest: Number.isFinite(this.smallest) ? this.smallest : null,
      largest: Number.isFinite(this.largest) ? this.largest : null,
    };
  }

  /** Replaces this histogram's content with a checkpointed state (same bucket layout: same code version). */
  restore(state: AbsDiffHistogramState): void {
    this.buckets.fill(0);
    for (const [b, count] of state.buckets) {
      if (!Number.isInteger(b) || b < 0 || b >= BUCKET_COUNT) throw new Error(`checkpoint: histogram bucket ${b} out of range`);
      this.buckets[b] = count;
    }
    this.total = state.total;
    this.smallest = state.smallest ?? Infinity;
    this.largest = state.largest ?? -Infinity;
  }

  /** Adds another histogram's counts to this one. */
  merge(other: AbsDiffHistogram): void {
    this.addCounts(other.buckets, other.total, other.smallest, other.largest);
  }

  /** Estimated q-quantile (q in [0,1]); 0 when empty. */
  quantile(q: number): number {
    if (this.total === 0) return 0;
    const rank = Math.floor(Math.min(Math.max(q, 0), 1) * (this.total - 1));
    if (rank === 0) return this.smallest;
    if (rank === this.total - 1) return this.largest;
    let seen = 0;
    for (let b = 0; b < BUCKET_COUNT; b++) {
      seen += this.buckets[b]!;
      if (rank < seen) {
        if (b === UNDERFLOW_BUCKET) return this.smallest;
        if (b === OVERFLOW_BUCKET) return this.largest;
        return Math.min(Math.max(bucketMidpoint(b), this.smallest), this.largest);
      }
    }
    return this.largest;
  }
}

/** Counts values[0..n) into a fresh bucket array (for tests and one-off use). */
export function bucketCounts(values: Float64Array, n: number): Float64Array {
  const counts = new Float64Array(BUCKET_COUNT);
  countBuckets(values, n, counts);
  return counts;
}
