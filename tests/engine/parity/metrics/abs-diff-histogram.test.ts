import { describe, expect, it } from 'vitest';
import { AbsDiffHistogram } from '../../../../main/engine/parity/metrics/index.js';
import { seededRandom } from '../../../../shared/seeded-random.js';

const QS = [0, 0.5, 0.9, 0.99, 0.999, 1];

describe('AbsDiffHistogram', () => {
  it('is empty at 0 and exact for a single value', () => {
    const h = new AbsDiffHistogram();
    expect(h.quantile(0.5)).toBe(0);
    h.add(0.37);
    expect(h.quantile(0.5)).toBe(0.37);
    expect(h.count).toBe(1);
  });

  it('estimates quantiles within 1 % of the order statistic at ⌊q·(n−1)⌋ over 12 decades', () => {
    const next = seededRandom(7);
    const n = 50_000;
    const values = Float64Array.from({ length: n }, () => 10 ** (-9 + 12 * next()));
    const h = new AbsDiffHistogram();
    h.addAll(values, n);
    const sorted = [...values].sort((a, b) => a - b);
    for (const q of QS) {
      const exact = sorted[Math.floor(q * (n - 1))]!;
      const relative = Math.abs(h.quantile(q) - exact) / exact;
      expect(relative).toBeLessThanOrEqual(AbsDiffHistogram.RELATIVE_ACCURACY + 1e-9);
    }
  });

  it('reports exact zeros for a mass of zero differences', () => {
    const h = new AbsDiffHistogram();
    const values = new Float64Array(1000);
    values[999] = 0.5;
    h.addAll(values, 1000);
    expect(h.quantile(0.5)).toBe(0);
    expect(h.quantile(0.99)).toBe(0);
    expect(h.quantile(1)).toBe(0.5);
  });

  it('merges to the same answers as one histogram fed everything, in fixed memory', () => {
    const next = seededRandom(11);
    const a = new AbsDiffHistogram();
    const b = new AbsDiffHistogram();
    const all = new AbsDiffHistogram();
    for (let i = 0; i < 20_000; i++) {
      const v = next() * 3;
      (i % 3 === 0 ? a : b).add(v);
      all.add(v);
    }
    a.merge(b);
    expect(a.count).toBe(20_000);
    for (const q of QS) expect(a.quantile(q)).toBe(all.quantile(q));
  });

  it('ignores values that are not finite and ≥ 0', () => {
    const h = new AbsDiffHistogram();
    h.add(NaN);
    h.add(Infinity);
    h.add(-1);
    expect(h.count).toBe(0);
    h.add(1e20);
    expect(h.quantile(0.5)).toBe(1e20);
  });
});
