/** Corruption errors with the reference as baseline: CE, relative CE, their means, and the undefined cases. */
import { describe, expect, it } from 'vitest';
import { corruptionErrors, meanDefined } from '../../../main/engine/parity/compare/robustness-errors.js';
import type { PerturbationResult } from '../../../shared/report/robustness-section.js';
import type { SummaryMetrics } from '../../../shared/report/metrics.js';

const metrics = {} as SummaryMetrics;
const row = (name: string, severity: number, reference: number, candidate: number): PerturbationResult => ({
  name,
  severity,
  metrics,
  error: { reference, candidate },
});

describe('corruptionErrors', () => {
  it('sums errors over severities and divides candidate by reference', () => {
    const clean = { reference: 0.1, candidate: 0.12 };
    const results = [row('fog', 1, 0.2, 0.25), row('fog', 2, 0.3, 0.4), row('fog', 3, 0.5, 0.6), row('snow', 1, 0.2, 0.1)];
    const [fog, snow] = corruptionErrors(['fog', 'snow'], results, clean);
    expect(fog!.errorSum.reference).toBeCloseTo(1.0, 12);
    expect(fog!.errorSum.candidate).toBeCloseTo(1.25, 12);
    expect(fog!.ce).toBeCloseTo(1.25, 12);
    // Σ (E − E_clean): reference 1.0 − 3·0.1 = 0.7, candidate 1.25 − 3·0.12 = 0.89.
    expect(fog!.relativeCe).toBeCloseTo(0.89 / 0.7, 12);
    expect(fog!.family).toBe('weather');
    expect(snow!.ce).toBeCloseTo(0.5, 12);
    expect(snow!.relativeCe).toBeCloseTo((0.1 - 0.12) / (0.2 - 0.1), 12);
    expect(fog!.note).toBeUndefined();
  });

  it('leaves CE undefined, with the reason, when the reference never errs', () => {
    const clean = { reference: 0, candidate: 0 };
    const [neither] = corruptionErrors(['fog'], [row('fog', 1, 0, 0)], clean);
    expect(neither!.ce).toBeNull();
    expect(neither!.note).toMatch(/neither model errs/);
    const [only] = corruptionErrors(['fog'], [row('fog', 1, 0, 0.05)], clean);
    expect(only!.ce).toBeNull();
    expect(only!.note).toMatch(/reference never errs but the candidate does/);
  });

  it('leaves relative CE undefined when the reference does not get worse', () => {
    const [flat] = corruptionErrors(['contrast'], [row('contrast', 1, 0.1, 0.2)], { reference: 0.1, candidate: 0.1 });
    expect(flat!.ce).toBeCloseTo(2, 12);
    expect(flat!.relativeCe).toBeNull();
    expect(flat!.note).toMatch(/does not rise/);
  });

  it('averages only defined values', () => {
    expect(meanDefined([1, null, 2])).toBe(1.5);
    expect(meanDefined([null, null])).toBeNull();
  });
});
