/**
 * The two-sample Kolmogorov–Smirnov test as SciPy's ks_2samp computes it (two-sided, method 'auto'): the statistic
 * is the largest gap between the two empirical CDFs; the p-value is exact up to 10,000 values per side (the count
 * of interleavings of the two samples whose CDF gap reaches the statistic), asymptotic beyond.
 */

/** SciPy's limit for the exact p-value in 'auto' mode. */
export const KS_EXACT_MAX_N = 10_000;

export interface KsResult {
  statistic: number;
  pValue: number;
}

/** The KS statistic alone: the largest gap between the empirical CDFs of two sorted, non-empty samples. */
export function ksStatistic(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) throw new RangeError('the KS statistic needs two non-empty samples');
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n1 || j < n2) {
    const v = j >= n2 || (i < n1 && a[i]! <= b[j]!) ? a[i]! : b[j]!;
    while (i < n1 && a[i]! <= v) i++;
    while (j < n2 && b[j]! <= v) j++;
    const gap = Math.abs(i / n1 - j / n2);
    if (gap > d) d = gap;
  }
  return d;
}

/** KS statistic and two-sided p-value of two samples, each sorted ascending (NaN-free). */
export function ksTwoSample(a: ArrayLike<number>, b: ArrayLike<number>): KsResult {
  const n1 = a.length;
  const n2 = b.length;
  const d = ksStatistic(a, b);
  if (Math.max(n1, n2) <= KS_EXACT_MAX_N) {
    const g = gcd(n1, n2);
    const lcm = (n1 / g) * n2;
    const h = roundHalfEven(d * lcm);
    const statistic = h / lcm;
    if (h === 0) return { statistic, pValue: 1 };
    const p = n1 === n2 ? outsideSquare(n1, h) : outsideBand(n1, n2, h);
    if (p >= 0 && p <= 1) return { statistic, pValue: p };
  }
  return { statistic: d, pValue: asymptoticP(d, n1, n2) };
}

function gcd(x: number, y: number): number {
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/** numpy.round: halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const diff = x - f;
  if (diff > 0.5) return f + 1;
  if (diff < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/**
 * Equal sizes n: P(D ≥ h/n) = 2 Σ_{k≥1} (−1)^{k−1} C(2n, n−kh) / C(2n, n) (reflection principle), each ratio a
 * product of h·k terms; accurate for small p-values where 1 − P(inside) would cancel.
 */
function outsideSquare(n: number, h: number): number {
  let sum = 0;
  let ratio = 1;
  let done = 0;
  for (let k = 1; k * h <= n; k++) {
    // ratio = C(2n, n − kh) / C(2n, n) = Π_{j<kh} (n − j) / (n + 1 + j)
    for (; done < k * h; done++) ratio *= (n - done) / (n + 1 + done);
    sum += (k % 2 === 1 ? 1 : -1) * ratio;
    if (ratio === 0) break;
  }
  return 2 * sum;
}

/**
 * Unequal sizes: the probability that a uniformly random interleaving of m and n values never lets the CDF gap
 * reach h/lcm, by dynamic programming over the lattice band |i·n/g − j·m/g| < h, with each cell holding the share
 * of paths (not the count) so that nothing overflows: B(i,j) = (i·B(i−1,j) + j·B(i,j−1)) / (i + j).
 */
function outsideBand(m0: number, n0: number, h: number): number {
  const m = Math.max(m0, n0);
  const n = Math.min(m0, n0);
  const g = gcd(m, n);
  const mg = m / g;
  const ng = n / g;
  const row = new Float64Array(n + 1);
  let lo = 0;
  let hi = Math.min(n, Math.ceil(h / mg) - 1);
  row[0] = 1;
  for (let j = 1; j <= hi; j++) row[j] = row[j - 1]!;
  for (let i = 1; i <= m; i++) {
    const newLo = Math.max(0, Math.floor((i * ng - h) / mg) + 1);
    const newHi = Math.min(n, Math.ceil((i * ng + h) / mg) - 1);
    if (newHi < newLo) return 1;
    for (let j = lo; j < newLo && j <= hi; j++) row[j] = 0;
    for (let j = newLo; j <= newHi; j++) {
      const up = j <= hi && j >= lo ? row[j]! : 0;
      const left = j > newLo ? row[j - 1]! : 0;
      row[j] = (i * up + j * left) / (i + j);
    }
    lo = newLo;
    hi = newHi;
  }
  return hi === n ? 1 - row[n]! : 1;
}

/**
 * Beyond the exact range: Kolmogorov's limiting distribution at √(m·n/(m+n))·d (SciPy uses the exact one-sample
 * distribution at the rounded effective size here, so the two differ in the third decimal for small samples).
 */
function asymptoticP(d: number, n1: number, n2: number): number {
  const en = (n1 * n2) / (n1 + n2);
  const lambda = Math.sqrt(en) * d;
  if (lambda < 0.2) return 1;
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = (k % 2 === 1 ? 2 : -2) * Math.exp(-2 * k * k * lambda * lambda);
    sum += term;
    if (Math.abs(term) < 1e-17) break;
  }
  return Math.min(1, Math.max(0, sum));
}
