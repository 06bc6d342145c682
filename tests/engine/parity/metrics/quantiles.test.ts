import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bucketCounts, bucketedQuantilesInPlace, quantilesInPlace } from '../../../../main/engine/parity/metrics/index.js';

/** numpy's default quantile on a sorted copy, as the definition to match. */
function sortedQuantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const h = q * (sorted.length - 1);
  const k = Math.floor(h);
  const next = sorted[Math.min(k + 1, sorted.length - 1)]!;
  return sorted[k]! + (h - k) * (next - sorted[k]!);
}

describe('quantilesInPlace', () => {
  it('returns 0s for an empty buffer and the value itself for one element', () => {
    expect(quantilesInPlace(new Float64Array(0), 0, [0.5, 0.9])).toEqual([0, 0]);
    expect(quantilesInPlace(Float64Array.from([7]), 1, [0.5, 0.999])).toEqual([7, 7]);
  });

  it('only reads the first n values', () => {
    // n = 4 of [4, 1, 3, 2, 100]: sorted 1,2,3,4 → median h=1.5 → 2.5
    expect(quantilesInPlace(Float64Array.from([4, 1, 3, 2, 100]), 4, [0.5])).toEqual([2.5]);
  });

  it('matches a sort-based type-7 quantile on arbitrary lists', () => {
    const qs = [0, 0.5, 0.9, 0.99, 0.999, 1];
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constantFrom(0, 1, 2)), {
          minLength: 1,
          maxLength: 400,
        }),
        (values) => {
          const got = quantilesInPlace(Float64Array.from(values), values.length, qs);
          qs.forEach((q, i) => {
            const want = sortedQuantile(values, q);
            expect(Math.abs(got[i]! - want)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('handles sorted, reversed and constant inputs of many elements', () => {
    const n = 100_001;
    const ascending = Float64Array.from({ length: n }, (_, i) => i);
    const descending = Float64Array.from({ length: n }, (_, i) => n - 1 - i);
    // h = 0.5·100000 = 50000 exactly; h = 0.999·100000 = 99900
    expect(quantilesInPlace(ascending, n, [0.5, 0.999])).toEqual([50000, 99900]);
    expect(quantilesInPlace(descending, n, [0.5, 0.999])).toEqual([50000, 99900]);
    expect(quantilesInPlace(new Float64Array(n).fill(3), n, [0.5, 0.9])).toEqual([3, 3]);
  });
});

describe('bucketedQuantilesInPlace', () => {
  const qs = [0.5, 0.9, 0.99, 0.999];
  const exactly = (values: number[]): number[] => {
    const buffer = Float64Array.from(values);
    return bucketedQuantilesInPlace(buffer, values.length, qs, bucketCounts(buffer, values.length));
  };

  it('gives the same exact type-7 quantiles as a sort over 24 decades, zeros and repeats', () => {
    const value = fc.oneof(
      fc.double({ min: 0, max: 1e6, noNaN: true }),
      fc.double({ min: 0, max: 1e-9, noNaN: true }),
      fc.double({ min: 1e11, max: 1e13, noNaN: true }),
      fc.constantFrom(0, 0, 0, 0.5, 2 ** -40, 2 ** 40, Number.MIN_VALUE, 1e-13),
    );
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 500 }), (values) => {
        const got = exactly(values);
        qs.forEach((q, i) => {
          const want = sortedQuantile(values, q);
          expect(Math.abs(got[i]! - want)).toBeLessThanOrEqual(1e-12 * Math.max(1e-300, Math.abs(want)));
        });
      }),
      { numRuns: 400 },
    );
  });

  it('handles a list that is all zeros, mostly zeros, or all in one bucket', () => {
    expect(exactly(Array(1000).fill(0))).toEqual([0, 0, 0, 0]);
    // 995 zeros, then 1e-13 (underflow bucket, not zero), 1, 2, 3, 4: n = 1000
    // p50/p90/p99 ranks 499, 899, 989 → 0; p999: h = 998.001 → x[998] + 0.001·(x[999] − x[998]) = 3.001
    const mostlyZero = [...Array(995).fill(0), 4, 1e-13, 2, 1, 3];
    const [p50, p90, p99, p999] = exactly(mostlyZero);
    expect([p50, p90, p99]).toEqual([0, 0, 0]);
    expect(p999).toBeCloseTo(3.001, 12);
    // zeros mixed with tiny non-zero values in the same bucket: sorted 0,0,0,1e-14,2e-14 → median 0, p90 h=3.6
    expect(exactly([2e-14, 0, 1e-14, 0, 0])[1]).toBeCloseTo(1e-14 + 0.6 * 1e-14, 27);
    // 1.0 .. 1.0099 all share one bucket of [1, 2)
    const tight = Array.from({ length: 100 }, (_, i) => 1 + i * 1e-4);
    // h = 49.5 → 1.00495; h = 89.1 → 1.00891; h = 98.01 → 1.009801; h = 98.901 → 1.0098901
    expect(exactly(tight).map((v) => Number(v.toFixed(10)))).toEqual([1.00495, 1.00891, 1.009801, 1.0098901]);
  });
});
