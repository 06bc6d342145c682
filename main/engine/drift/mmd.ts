/**
 * Maximum mean discrepancy between two samples of feature vectors (Gretton et al., JMLR 2012): the unbiased MMD²
 * with a Gaussian (RBF) kernel whose bandwidth is the median pairwise distance of the pooled sample, and a
 * permutation test of "both samples come from one distribution" with seeded permutations.
 */
import { seededRandom } from '../../../shared/seeded-random.js';

export interface MmdResult {
  mmd2: number;
  /** σ of k(x, y) = exp(−‖x − y‖² / (2σ²)). */
  bandwidth: number;
  /** (1 + #{permutations with MMD² ≥ observed}) / (1 + permutations). */
  pValue: number;
  permutations: number;
}

/** Rows of a matrix, each a vector of the same length. */
export type Rows = readonly ArrayLike<number>[];

/** The MMD test of x against y (each at least 2 rows); permutations come from mulberry32(seed), Fisher–Yates. */
export function mmdTest(x: Rows, y: Rows, permutations: number, seed: number, onProgress?: (done: number) => void): MmdResult {
  const m = x.length;
  const n = y.length;
  if (m < 2 || n < 2) throw new RangeError('mmdTest needs at least two vectors per sample');
  const pooled = [...x, ...y];
  const N = m + n;
  // The full symmetric kernel matrix with a zero diagonal: row sums over one group are then branch-free loops.
  const kernel = new Float64Array(N * N);
  const distances = new Float64Array((N * (N - 1)) / 2);
  for (let i = 0, p = 0; i < N; i++) {
    for (let j = i + 1; j < N; j++, p++) {
      const d2 = squaredDistance(pooled[i]!, pooled[j]!);
      kernel[i * N + j] = d2;
      distances[p] = Math.sqrt(d2);
    }
  }
  distances.sort();
  const pairs = distances.length;
  const bandwidth = pairs % 2 === 1 ? distances[(pairs - 1) / 2]! : (distances[pairs / 2 - 1]! + distances[pairs / 2]!) / 2;
  const gamma = bandwidth > 0 ? 1 / (2 * bandwidth * bandwidth) : 0;
  let total = 0;
  for (let i = 0; i < N; i++) {
    for (let j = i + 1; j < N; j++) {
      const k = Math.exp(-kernel[i * N + j]! * gamma);
      kernel[i * N + j] = k;
      kernel[j * N + i] = k;
      total += 2 * k;
    }
  }
  const members = new Int32Array(m);
  const inX = new Uint8Array(N);
  const rowSums = new Float64Array(N);
  const statistic = (): number => {
    // The kernel is symmetric: summing the rows of X's members (contiguous memory) gives every row's sum over X.
    rowSums.fill(0);
    for (let k = 0; k < m; k++) {
      const row = members[k]! * N;
      for (let i = 0; i < N; i++) rowSums[i]! += kernel[row + i]!;
    }
    let xx = 0;
    let xy = 0;
    for (let i = 0; i < N; i++) {
      if (inX[i] === 1) xx += rowSums[i]!;
      else xy += rowSums[i]!;
    }
    // Ordered pairs: xx and yy count each pair twice, xy once per pair (X side).
    const yy = total - xx - 2 * xy;
    return xx / (m * (m - 1)) + yy / (n * (n - 1)) - (2 * xy) / (m * n);
  };
  for (let k = 0; k < m; k++) {
    members[k] = k;
    inX[k] = 1;
  }
  const observed = statistic();
  const random = seededRandom(seed);
  const order = new Int32Array(N);
  let atLeast = 0;
  for (let t = 0; t < permutations; t++) {
    for (let i = 0; i < N; i++) order[i] = i;
    for (let i = N - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const tmp = order[i]!;
      order[i] = order[j]!;
      order[j] = tmp;
    }
    inX.fill(0);
    for (let k = 0; k < m; k++) {
      members[k] = order[k]!;
      inX[order[k]!] = 1;
    }
    if (statistic() >= observed) atLeast += 1;
    onProgress?.(t + 1);
  }
  return { mmd2: observed, bandwidth, pValue: (1 + atLeast) / (1 + permutations), permutations };
}

export function squaredDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) {
    const d = a[k]! - b[k]!;
    s += d * d;
  }
  return s;
}

/** Mean Euclidean distance from v to its k nearest rows (skipping row `skip`, for leave-one-out). */
export function knnScore(v: ArrayLike<number>, rows: Rows, k: number, skip = -1): number {
  const nearest: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    if (i === skip) continue;
    const d = squaredDistance(v, rows[i]!);
    if (nearest.length < k) {
      nearest.push(d);
      nearest.sort((a, b) => b - a);
    } else if (d < nearest[0]!) {
      nearest[0] = d;
      nearest.sort((a, b) => b - a);
    }
  }
  if (nearest.length === 0) return 0;
  return nearest.reduce((s, d) => s + Math.sqrt(d), 0) / nearest.length;
}
