/**
 * Log-linear buckets over |Δ| read straight from a float64's bits (exponent and top 6 mantissa bits), so
 * bucketing a value costs a shift instead of a logarithm. Bucket order follows value order, which lets exact
 * quantile selection skip every bucket that cannot hold the wanted rank, and lets the run-wide histogram take a
 * call's counts in one merge.
 *
 * Bucket 0 holds [0, 2^-40) (2^-40 ≈ 9.1e-13), buckets 1..5120 split each binade [2^e, 2^(e+1)) for e in
 * −40..39 into 64 equal parts, bucket 5121 holds [2^40 ≈ 1.1e12, ∞).
 */
export const SUB_BUCKET_BITS = 6;
const SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
const MIN_EXPONENT = -40;
const MAX_EXPONENT = 40;
export const BUCKET_COUNT = (MAX_EXPONENT - MIN_EXPONENT) * SUB_BUCKETS + 2;
export const UNDERFLOW_BUCKET = 0;
export const OVERFLOW_BUCKET = BUCKET_COUNT - 1;
/** Values below this share the underflow bucket. */
export const MIN_BUCKETED = 2 ** MIN_EXPONENT;
/** Values at or above this share the overflow bucket. */
export const MAX_BUCKETED = 2 ** MAX_EXPONENT;
/**
 * A bucket spans 1/64 of its binade's lower bound at most, so its midpoint is within 1/128 (0.78 %) of any
 * value in it.
 */
export const BUCKET_RELATIVE_ACCURACY = 1 / (2 * SUB_BUCKETS);

const HI_SHIFT = 20 - SUB_BUCKET_BITS;
const BASE = ((1023 + MIN_EXPONENT) << SUB_BUCKET_BITS) - 1;

/** Index of the 32-bit word holding sign, exponent and top mantissa bits of a float64 in a Uint32Array view. */
export const HI_WORD = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1 ? 1 : 0;

/** The bucket of a non-negative float64 from its high 32-bit word. */
export function bucketOfHighWord(hi: number): number {
  const b = (hi >>> HI_SHIFT) - BASE;
  return b < 1 ? UNDERFLOW_BUCKET : b >= OVERFLOW_BUCKET ? OVERFLOW_BUCKET : b;
}

const one = new Float64Array(1);
const oneWords = new Uint32Array(one.buffer);

/** The bucket of a non-negative finite value. */
export function bucketOf(value: number): number {
  one[0] = value;
  return bucketOfHighWord(oneWords[HI_WORD]!);
}

/** The midpoint of a regular bucket (1..5120); NaN for the underflow and overflow buckets. */
export function bucketMidpoint(bucket: number): number {
  if (bucket <= UNDERFLOW_BUCKET || bucket >= OVERFLOW_BUCKET) return NaN;
  const exponent = MIN_EXPONENT + ((bucket - 1) >> SUB_BUCKET_BITS);
  const sub = (bucket - 1) & (SUB_BUCKETS - 1);
  return 2 ** exponent * (1 + (sub + 0.5) / SUB_BUCKETS);
}

/** A 32-bit view of a float64 buffer, to read high words without converting each value. */
export function highWords(values: Float64Array): Uint32Array {
  return new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
}

/** Adds the bucket counts of values[0..n) (all ≥ 0 and finite) to `counts` (length BUCKET_COUNT). */
export function countBuckets(values: Float64Array, n: number, counts: Float64Array): void {
  const words = highWords(values);
  for (let i = 0; i < n; i++) counts[bucketOfHighWord(words[2 * i + HI_WORD]!)]!++;
}
