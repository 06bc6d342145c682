import { describe, expect, it } from 'vitest';
import {
  BUCKET_COUNT,
  BUCKET_RELATIVE_ACCURACY,
  bucketMidpoint,
  bucketOf,
  OVERFLOW_BUCKET,
  UNDERFLOW_BUCKET,
} from '../../../../main/engine/parity/metrics/abs-diff-buckets.js';

describe('log-linear |Δ| buckets', () => {
  it('puts values below 2^-40 and at or above 2^40 in the end buckets', () => {
    expect(bucketOf(0)).toBe(UNDERFLOW_BUCKET);
    expect(bucketOf(Number.MIN_VALUE)).toBe(UNDERFLOW_BUCKET);
    expect(bucketOf(2 ** -40 * (1 - 2 ** -52))).toBe(UNDERFLOW_BUCKET);
    expect(bucketOf(2 ** -40)).toBe(1);
    expect(bucketOf(2 ** 40 * (1 - 2 ** -53))).toBe(OVERFLOW_BUCKET - 1);
    expect(bucketOf(2 ** 40)).toBe(OVERFLOW_BUCKET);
    expect(bucketOf(Number.MAX_VALUE)).toBe(OVERFLOW_BUCKET);
    expect(BUCKET_COUNT).toBe(80 * 64 + 2);
  });

  it('splits a binade into 64 equal parts: 1 → first part of [1,2), 1.5 → part 32', () => {
    const one = bucketOf(1);
    expect(bucketOf(1 + 1 / 64 - 1e-12)).toBe(one);
    expect(bucketOf(1 + 1 / 64)).toBe(one + 1);
    expect(bucketOf(1.5)).toBe(one + 32);
    expect(bucketOf(2)).toBe(one + 64);
    expect(bucketMidpoint(one)).toBe(1 + 0.5 / 64);
  });

  it('is monotonic and its midpoints are within 1/128 of every value in the bucket', () => {
    let previous = -1;
    for (let e = -45; e < 45; e += 0.01) {
      const v = 2 ** e;
      const b = bucketOf(v);
      expect(b).toBeGreaterThanOrEqual(previous);
      previous = b;
      if (b !== UNDERFLOW_BUCKET && b !== OVERFLOW_BUCKET) {
        expect(Math.abs(bucketMidpoint(b) - v) / v).toBeLessThanOrEqual(BUCKET_RELATIVE_ACCURACY);
      }
    }
  });
});
