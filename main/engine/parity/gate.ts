/** Evaluates a CI gate (criteria from parseGateSpec) against a run's summary metrics. */
import { GATE_METRICS, type GateMetric, type SummaryMetrics } from '../../../shared/report/metrics.js';
import { kindOfSummaryKey, valueOfSummary } from '../../../shared/report/output-kinds.js';
import type { Gate, GateCriterion } from '../../../shared/report/report.js';
import { gateMetricByName } from '../../../shared/gate-spec.js';

export { parseGateSpec, GATE_METRIC_NAMES } from '../../../shared/gate-spec.js';

/**
 * Checks every criterion; one failure per unmet criterion with a readable message. A criterion on a metric that
 * is null for this run fails with a message saying why it does not apply, except psnr: null while IoU exists
 * means every map was identical (infinite PSNR), which meets any minimum.
 */
export function evaluateGate(summary: SummaryMetrics, criteria: readonly GateCriterion[]): Gate {
  const failures: Gate['failures'] = [];
  for (const criterion of criteria) {
    const message = check(summary, criterion);
    if (message !== null) failures.push({ ...criterion, value: valueOf(summary, criterion.metric), message });
  }
  return { passed: failures.length === 0, criteria: [...criteria], failures };
}

function valueOf(summary: SummaryMetrics, name: string): number | null {
  const metric = gateMetricByName(name);
  return metric === null ? null : valueOfSummary(summary, metric);
}

/** The failure message, or null when the criterion is met. */
function check(summary: SummaryMetrics, criterion: GateCriterion): string | null {
  const { bound, threshold } = criterion;
  const metric = gateMetricByName(criterion.metric);
  if (metric === null) {
    return `${criterion.metric} is not a gate metric (valid: ${Object.keys(GATE_METRICS).join(', ')})`;
  }
  const value = valueOfSummary(summary, metric);
  if (value === null) {
    if (metric === 'psnr' && summary.iou !== null) {
      return bound === 'min' ? null : `psnr is infinite (the maps were identical on every image), above ${fmt(threshold)}`;
    }
    return `${metric} does not apply: ${notApplicableReason(summary, metric)}`;
  }
  if (bound === 'min' && value < threshold) return `${metric} ${fmt(value)} is below ${fmt(threshold)}`;
  if (bound === 'max' && value > threshold) return `${metric} ${fmt(value)} is above ${fmt(threshold)}`;
  return null;
}

function notApplicableReason(summary: SummaryMetrics, metric: GateMetric): string {
  if (summary.images === 0) return 'no image was compared';
  const kind = kindOfSummaryKey(metric);
  if (kind) return kind.absent;
  if (metric === 'accuracy' || metric === 'accuracyDelta') return 'no image has a label';
  return 'no value for this run';
}

/** Six significant digits, without trailing zeros: 0.975, 1e-7, 27.6312. */
function fmt(value: number): string {
  return String(Number(value.toPrecision(6)));
}
