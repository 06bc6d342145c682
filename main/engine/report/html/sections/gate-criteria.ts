/** The gate's criteria with their measured values, in words, shared by the verdict and the summary cards. */
import type { GateCriterion, ParityReport } from '../../../../../shared/report/report.js';
import { formatMetric, METRICS, metricByName } from '../../../../../shared/report/metric-meaning.js';
import { valueOfSummary } from '../../../../../shared/report/output-kinds.js';
import { gateMetricByName } from '../../../../../shared/gate-spec.js';

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
    const metric = gateMetricByName(criterion.metric);
    const value = failure ? failure.value : metric === null ? null : valueOfSummary(report.summary.clean, metric);
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

/** A criterion's metric as every view names and writes it; a name no longer known prints as given. */
function metricDisplay(name: string): { label: string; format: (value: number | null) => string } {
  const key = metricByName(name);
  if (key === null) return { label: name, format: (v) => (v === null ? '—' : String(Number(v.toPrecision(6)))) };
  return { label: METRICS[key].label, format: (v) => formatMetric(key, v) };
}
