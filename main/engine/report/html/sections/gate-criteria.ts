/** The gate's criteria with their measured values, in words, shared by the verdict and the summary cards. */
import type { GateCriterion, ParityReport } from '../../../../../shared/report/report.js';
import { metricDisplay, summaryValue } from '../metric-display.js';

export interface CriterionOutcome {
  criterion: GateCriterion;
  met: boolean;
  value: number | null;
  /** e.g. "top-1 agreement 97.50% — required at least 99.00%". */
  sentence: string;
}

/** Every criterion of the report's gate, whether it was met, and a sentence saying so. */
export function criterionOutcomes(report: ParityReport): CriterionOutcome[] {
  const failures = report.gate.failures;
  return report.gate.criteria.map((criterion) => {
    const failure = failures.find(
      (f) => f.metric === criterion.metric && f.bound === criterion.bound && f.threshold === criterion.threshold,
    );
    const display = metricDisplay(criterion.metric);
    const value = failure ? failure.value : summaryValue(report.summary.clean, criterion.metric);
    const required = `required ${criterion.bound === 'min' ? 'at least' : 'at most'} ${display.format(criterion.threshold)}`;
    const sentence =
      failure && failure.value === null
        ? `${display.label}: ${failure.message}`
        : `${display.label} ${display.format(value)} — ${required}`;
    return { criterion, met: !failure, value, sentence };
  });
}

/** The short form used on a card: "gate ≥ 99.00% ✓". */
export function criterionBadge(outcome: CriterionOutcome): string {
  const display = metricDisplay(outcome.criterion.metric);
  const sign = outcome.criterion.bound === 'min' ? '≥' : '≤';
  return `gate ${sign} ${display.format(outcome.criterion.threshold)} ${outcome.met ? '✓' : '✗'}`;
}
