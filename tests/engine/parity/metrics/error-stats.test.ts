import { describe, expect, it } from 'vitest';
import { ParityError } from '../../../../shared/errors.js';
import { ErrorStatsSchema } from '../../../../shared/report/metrics.js';
import { AbsDiffHistogram, errorStats, ZERO_REFERENCE_EPSILON } from '../../../../main/engine/parity/metrics/index.js';

const f64 = (values: number[]): Float64Array => Float64Array.from(values);
const loose = { atol: 1e9, rtol: 1e9 };

describe('errorStats', () => {
  it('computes max, mean and exact type-7 quantiles of a known list', () => {
    // reference 10 everywhere, candidate 11..20: |Δ| = 1..10, |Δ|/|b| = 0.1..1.
    const reference = f64(Array(10).fill(10));
    const candidate = f64([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    const s = errorStats(reference, candidate, loose);
    expect(s.maxAbs).toBe(10);
    expect(s.maxRel).toBe(1);
    expect(s.meanAbs).toBe(5.5); // (1+…+10)/10 = 55/10
    // h = q·(n−1) = 9q; Q = x[⌊h⌋] + frac·(x[⌊h⌋+1] − x[⌊h⌋]) with x = 1..10 (x[i] = i+1)
    expect(s.quantiles.p50).toBeCloseTo(5.5, 12); //   h=4.5:   5 + 0.5·1
    expect(s.quantiles.p90).toBeCloseTo(9.1, 12); //   h=8.1:   9 + 0.1·1
    expect(s.quantiles.p99).toBeCloseTo(9.91, 12); //  h=8.91:  9 + 0.91·1
    expect(s.quantiles.p999).toBeCloseTo(9.991, 12); // h=8.991: 9 + 0.991·1
    expect(s.elementCount).toBe(10);
    expect(s.allclose).toBe(true);
  });

  it('gives exact quantiles whatever the input order (odd length, duplicates)', () => {
    // |Δ| = [3,1,4,1,5,9,2,6,5] → sorted 1,1,2,3,4,5,5,6,9; n=9, h = 8q
    const candidate = f64([3, 1, 4, 1, 5, 9, 2, 6, 5]);
    const s = errorStats(new Float64Array(9), candidate, loose);
    expect(s.quantiles.p50).toBe(4); // h=4 → x[4] = 4
    expect(s.quantiles.p90).toBeCloseTo(6.6, 12); // h=7.2 → 6 + 0.2·(9−6)
    expect(s.quantiles.p99).toBeCloseTo(8.76, 12); // h=7.92 → 6 + 0.92·3
    expect(s.quantiles.p999).toBeCloseTo(8.976, 12); // h=7.992 → 6 + 0.992·3
  });

  it('fails an element only when it exceeds both atol and rtol·|reference| (Polygraphy)', () => {
    // exactly at atol (rtol 0): |1.5−1| = 0.5 is not > 0.5
    expect(errorStats(f64([1]), f64([1.5]), { atol: 0.5, rtol: 0 }).mismatchCount).toBe(0);
    // just above atol: 0.5 + 2^-20 > 0.5 and > 0·|1|
    expect(errorStats(f64([1]), f64([1.5 + 2 ** -20]), { atol: 0.5, rtol: 0 }).mismatchCount).toBe(1);
    // exactly at rtol·|b| (atol 0): |3−2| = 1 = 0.5·2
    expect(errorStats(f64([2]), f64([3]), { atol: 0, rtol: 0.5 }).allclose).toBe(true);
    // above both: |3.25−2| = 1.25 > 0.5·2 and > 0
    expect(errorStats(f64([2]), f64([3.25]), { atol: 0, rtol: 0.5 }).allclose).toBe(false);
    // over atol but within rtol: |11−10| = 1 > 0.1 but ≤ 0.5·10
    expect(errorStats(f64([10]), f64([11]), { atol: 0.1, rtol: 0.5 }).allclose).toBe(true);
    // over rtol but within atol: |0.002−0.001| = 0.001 > 0.1·0.001 but ≤ 0.01
    expect(errorStats(f64([0.001]), f64([0.002]), { atol: 0.01, rtol: 0.1 }).allclose).toBe(true);
    // relative tolerance is taken on the reference, not the candidate: |0−1|=1 > rtol·|b|=0.9·0
    expect(errorStats(f64([0]), f64([1]), { atol: 0, rtol: 0.9 }).allclose).toBe(false);
    expect(errorStats(f64([1]), f64([0]), { atol: 0, rtol: 1 }).allclose).toBe(true);
  });

  it('counts mismatches over a mixed array', () => {
    // atol 0.1, rtol 0.01: Δ = 0, 0.05, 0.2 (b=100 → rtol·|b| = 1, passes), 0.2 (b=1 → fails), 1 (b=0 → fails)
    const s = errorStats(f64([5, 5, 100, 1, 0]), f64([5, 5.05, 100.2, 1.2, 1]), { atol: 0.1, rtol: 0.01 });
    expect(s.mismatchCount).toBe(2);
    expect(s.allclose).toBe(false);
  });

  it('keeps relative error finite where the reference is 0 (Polygraphy epsilon; 0/0 = 0)', () => {
    const s = errorStats(f64([0, 0, 4]), f64([0, 1e-6, 4]), loose);
    expect(s.maxRel).toBe(1e-6 / ZERO_REFERENCE_EPSILON);
    expect(Number.isFinite(s.maxRel)).toBe(true);
    expect(errorStats(f64([0, 0]), f64([0, 0]), loose).maxRel).toBe(0);
  });

  it('counts NaN and Inf per model, leaves them out of the stats, and flags differing ones as mismatches', () => {
    const reference = f64([1, NaN, Infinity, 2, NaN, -Infinity, 3]);
    const candidate = f64([1, 1, Infinity, NaN, NaN, Infinity, 3.5]);
    const s = errorStats(reference, candidate, { atol: 1, rtol: 0 });
    // pairs: (1,1) ok · (NaN,1) mismatch · (Inf,Inf) same · (2,NaN) mismatch · (NaN,NaN) same ·
    //        (−Inf,Inf) mismatch · (3,3.5) ok within atol
    expect(s.mismatchCount).toBe(3);
    expect(s.nanCount).toEqual({ reference: 2, candidate: 2 });
    expect(s.infCount).toEqual({ reference: 2, candidate: 2 });
    expect(s.elementCount).toBe(7);
    // stats over the two finite pairs: |Δ| = 0, 0.5
    expect(s.maxAbs).toBe(0.5);
    expect(s.meanAbs).toBe(0.25);
    expect(s.quantiles.p50).toBe(0.25);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it('gives exact zeros for identical inputs, including NaN in the same places', () => {
    const values = Float32Array.from([0.25, -3, 0, 7e-8, NaN, 1e30]);
    const s = errorStats(values, values.slice(), { atol: 0, rtol: 0 });
    expect(s).toEqual({
      maxAbs: 0,
      maxRel: 0,
      meanAbs: 0,
      quantiles: { p50: 0, p90: 0, p99: 0, p999: 0 },
      allclose: true,
      mismatchCount: 0,
      elementCount: 6,
      nanCount: { reference: 1, candidate: 1 },
      infCount: { reference: 0, candidate: 0 },
    });
  });

  it('is defined on empty and all-NaN outputs', () => {
    const empty = errorStats(new Float32Array(0), new Float32Array(0), loose);
    expect(ErrorStatsSchema.parse(empty)).toEqual(empty);
    expect(empty.meanAbs).toBe(0);
    const nan = errorStats(f64([NaN, NaN]), f64([NaN, 1]), loose);
    expect(nan.meanAbs).toBe(0);
    expect(nan.mismatchCount).toBe(1);
  });

  it('feeds every finite |Δ| to the histogram it is given', () => {
    const histogram = new AbsDiffHistogram();
    errorStats(f64([0, 0, 0, NaN]), f64([1, 2, 3, 0]), { ...loose, histogram });
    expect(histogram.count).toBe(3);
    expect(histogram.quantile(0.5)).toBeCloseTo(2, 1);
  });

  it('rejects outputs of different sizes with MODEL_MISMATCH', () => {
    const call = (): unknown => errorStats(new Float32Array(3), new Float32Array(4), loose);
    expect(call).toThrow(ParityError);
    expect(call).toThrow(/4 values where the reference produced 3/);
  });

  it('reads float32 outputs in double precision', () => {
    const s = errorStats(Float32Array.from([1]), Float32Array.from([1.0000001]), { atol: 0, rtol: 0 });
    // 1.0000001 rounds to 1 + 2^-23 in float32
    expect(s.maxAbs).toBe(2 ** -23);
  });
});
