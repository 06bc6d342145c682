/**
 * Exact quantiles of a buffer by selection (no full sort): O(n) per quantile instead of O(n log n).
 * Definition: linear interpolation between order statistics, numpy's default ("type 7"):
 * with x sorted ascending and h = q·(n−1), Q(q) = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
 */
import { bucketOfHighWord, HI_WORD, highWords, UNDERFLOW_BUCKET } from './abs-diff-buckets.js';

/**
 * Reorders values[lo..hi] so that values[k] holds the k-th smallest, with nothing larger before it and nothing
 * smaller after it (Hoare partition, median-of-three pivot; equal keys split evenly so ties cost no extra passes).
 */
export function selectInPlace(values: Float64Array, lo: number, hi: number, k: number): void {
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // Order lo, mid, hi so the pivot is their median: sorted or reversed input stays linear.
    if (values[mid]! < values[lo]!) swap(values, mid, lo);
    if (values[hi]! < values[lo]!) swap(values, hi, lo);
    if (values[hi]! < values[mid]!) swap(values, hi, mid);
    const pivot = values[mid]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        swap(values, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

function swap(values: Float64Array, a: number, b: number): void {
  const t = values[a]!;
  values[a] = values[b]!;
  values[b] = t;
}

/**
 * Type-7 quantiles of values[0..n), for `qs` in ascending order. Reorders the buffer. Returns 0s when n is 0.
 * Each selection works on the part right of the previous one, so four quantiles cost about two passes.
 */
export function quantilesInPlace(values: Float64Array, n: number, qs: readonly number[]): number[] {
  const out: number[] = [];
  if (n === 0) return qs.map(() => 0);
  let start = 0;
  for (const q of qs) {
    const h = q * (n - 1);
    const k = Math.floor(h);
    selectInPlace(values, start, n - 1, k);
    const low = values[k]!;
    const frac = h - k;
    if (frac > 0 && k + 1 < n) {
      // After selecting k, the next order statistic is the smallest value right of k.
      let next = values[k + 1]!;
      for (let i = k + 2; i < n; i++) if (values[i]! < next) next = values[i]!;
      out.push(low + frac * (next - low));
    } else {
      out.push(low);
    }
    start = k;
  }
  return out;
}

/**
 * The same type-7 quantiles, using bucket counts of values[0..n) (countBuckets) to select only among the values
 * in the buckets that hold a wanted rank: one pass to gather them to the front of the buffer, then selection on
 * that small set. Reorders and overwrites the buffer.
 */
export function bucketedQuantilesInPlace(
  values: Float64Array,
  n: number,
  qs: readonly number[],
  counts: Float64Array,
): number[] {
  if (n === 0) return qs.map(() => 0);
  // Every rank an interpolated quantile needs, ascending.
  const ranks: number[] = [];
  for (const q of qs) {
    const h = q * (n - 1);
    const k = Math.floor(h);
    ranks.push(k);
    if (h > k && k + 1 < n) ranks.push(k + 1);
  }
  const sortedRanks = [...new Set(ranks)].sort((a, b) => a - b);
  // Bucket of each rank, and how many values lie in lower buckets.
  const rankBucket = new Map<number, number>();
  const below = new Map<number, number>();
  let seen = 0;
  let r = 0;
  for (let b = 0; b < counts.length && r < sortedRanks.length; b++) {
    const next = seen + counts[b]!;
    while (r < sortedRanks.length && sortedRanks[r]! < next) {
      rankBucket.set(sortedRanks[r]!, b);
      if (!below.has(b)) below.set(b, seen);
      r++;
    }
    seen = next;
  }
  const wanted = [...below.keys()].sort((a, b) => a - b);
  // Position of each wanted bucket's first value among the gathered values, counting the exact zeros that
  // gatherWanted leaves out (they are the underflow bucket's smallest values, so they come first).
  const gatheredBefore = new Map<number, number>();
  let gathered = 0;
  for (const b of wanted) {
    gatheredBefore.set(b, gathered);
    gathered += counts[b]!;
  }
  const isWanted = new Uint8Array(counts.length);
  for (const b of wanted) isWanted[b] = 1;
  const { gathered: w, zeros } = gatherWanted(values, n, isWanted);
  // Select each rank inside the gathered set, left to right.
  const valueAt = new Map<number, number>();
  let start = 0;
  for (const rank of sortedRanks) {
    const b = rankBucket.get(rank) ?? 0;
    // Exact zeros (the smallest values, all in the underflow bucket) were counted, not gathered.
    if (b === UNDERFLOW_BUCKET && rank < zeros) {
      valueAt.set(rank, 0);
      continue;
    }
    const local = (gatheredBefore.get(b) ?? 0) + (rank - (below.get(b) ?? 0)) - zeros;
    selectInPlace(values, start, w - 1, local);
    valueAt.set(rank, values[local]!);
    start = local;
  }
  return qs.map((q) => {
    const h = q * (n - 1);
    const k = Math.floor(h);
    const low = valueAt.get(k) ?? 0;
    if (!(h > k && k + 1 < n)) return low;
    return low + (h - k) * ((valueAt.get(k + 1) ?? low) - low);
  });
}

/**
 * Moves the values whose bucket is wanted to the front, keeping nothing else, except exact zeros, which are only
 * counted: a near-identical output can have most of its |Δ| at 0, and selecting among them would be slow.
 */
function gatherWanted(values: Float64Array, n: number, isWanted: Uint8Array): { gathered: number; zeros: number } {
  const words = highWords(values);
  const hi = HI_WORD;
  let w = 0;
  let zeros = 0;
  for (let i = 0; i < n; i++) {
    if (isWanted[bucketOfHighWord(words[2 * i + hi]!)] === 1) {
      const v = values[i]!;
      if (v === 0) zeros++;
      else values[w++] = v;
    }
  }
  return { gathered: w, zeros };
}
