/**
 * Population stability index, the textbook way: bins cut at the reference's quantiles (so each holds about the
 * same share of the reference), PSI = Σ (f − r)·ln(f / r) over the bins' shares r (reference) and f (field), with
 * empty bins counted as a share of 1e-4 so that the logarithm stays finite.
 */

/** Share given to an empty bin. */
export const PSI_EMPTY_SHARE = 1e-4;
/** At most this many bins (deciles), and at least MIN_PER_BIN images of the smaller folder per bin. */
export const PSI_MAX_BINS = 10;
export const PSI_MIN_PER_BIN = 20;

/**
 * How many bins a PSI between folders of these sizes gets: deciles, fewer for small folders so that sampling
 * noise alone (about (bins − 1)·(1/n₁ + 1/n₂) in expectation) does not read as drift.
 */
export function psiBinCount(nReference: number, nField: number): number {
  return Math.max(2, Math.min(PSI_MAX_BINS, Math.floor(Math.min(nReference, nField) / PSI_MIN_PER_BIN)));
}

/** Quantile of sorted values at q, numpy's default ('linear', type 7), including its interpolation rounding. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const index = (n - 1) * q;
  const lo = Math.floor(index);
  const hi = Math.min(n - 1, lo + 1);
  const t = index - lo;
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** The inner cut points of `bins` quantile bins of the sorted reference, ties merged (so maybe fewer bins). */
export function quantileCuts(sortedReference: ArrayLike<number>, bins: number): number[] {
  const cuts: number[] = [];
  for (let k = 1; k < bins; k++) {
    const c = quantileSorted(sortedReference, k / bins);
    if (cuts.length === 0 || c > cuts[cuts.length - 1]!) cuts.push(c);
  }
  return cuts;
}

/** The bin of x: how many cuts lie strictly below it (a value equal to a cut falls in the lower bin). */
export function binOf(cuts: readonly number[], x: number): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cuts[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** PSI of two count vectors over the same bins (reference first); null when either side is empty. */
export function psiOfCounts(reference: ArrayLike<number>, field: ArrayLike<number>): number | null {
  let nr = 0;
  let nf = 0;
  for (let i = 0; i < reference.length; i++) nr += reference[i]!;
  for (let i = 0; i < field.length; i++) nf += field[i]!;
  if (nr === 0 || nf === 0) return null;
  let psi = 0;
  for (let i = 0; i < reference.length; i++) {
    const r = Math.max(reference[i]! / nr, PSI_EMPTY_SHARE);
    const f = Math.max(field[i]! / nf, PSI_EMPTY_SHARE);
    psi += (f - r) * Math.log(f / r);
  }
  return psi;
}

/**
 * Category counts pooled for a PSI: categories that expect at least PSI_MIN_PER_BIN members in the smaller folder
 * (by the reference's shares) keep a bin each, the others share one.
 */
export function pooledCategories(reference: readonly number[], field: readonly number[]): { reference: number[]; field: number[] } {
  const nr = reference.reduce((a, b) => a + b, 0);
  const nf = field.reduce((a, b) => a + b, 0);
  const smaller = Math.min(nr, nf);
  const r: number[] = [];
  const f: number[] = [];
  let restR = 0;
  let restF = 0;
  reference.forEach((count, i) => {
    if (nr > 0 && (count / nr) * smaller >= PSI_MIN_PER_BIN) {
      r.push(count);
      f.push(field[i] ?? 0);
    } else {
      restR += count;
      restF += field[i] ?? 0;
    }
  });
  for (let i = reference.length; i < field.length; i++) restF += field[i]!;
  if (restR > 0 || restF > 0) {
    r.push(restR);
    f.push(restF);
  }
  return { reference: r, field: f };
}

/** Counts of values in the bins that `cuts` define (cuts.length + 1 bins). */
export function countInBins(cuts: readonly number[], values: ArrayLike<number>): number[] {
  const counts = new Array<number>(cuts.length + 1).fill(0);
  for (let i = 0; i < values.length; i++) counts[binOf(cuts, values[i]!)]! += 1;
  return counts;
}
