import { describe, expect, it } from 'vitest';
import { LOG_RATIO_NEAR_LIMIT, logRatioNear } from '../../../../main/engine/parity/metrics/log-ratio.js';

describe('logRatioNear', () => {
  it('matches ln((1+u)/(1−u)) = log1p(u) − log1p(−u) to double precision over its whole range', () => {
    let worst = 0;
    for (let i = -100_000; i <= 100_000; i++) {
      const u = (i / 100_000) * LOG_RATIO_NEAR_LIMIT;
      if (u === 0) continue;
      const exact = 2 * Math.atanh(u);
      worst = Math.max(worst, Math.abs(logRatioNear(u) - exact) / Math.abs(exact));
    }
    expect(worst).toBeLessThan(1e-15);
    expect(logRatioNear(0)).toBe(0);
    // p = 0.6, q = 0.4: u = 0.2/1.0 is outside the range; p = 0.52, q = 0.48: u = 0.04 → ln(0.52/0.48)
    expect(logRatioNear(0.04)).toBeCloseTo(Math.log(0.52 / 0.48), 15);
    // tiny arguments keep full relative precision: 2·atanh(1e-12) = 2e-12 (+ 6.7e-37)
    expect(logRatioNear(1e-12)).toBe(2e-12);
  });
});
