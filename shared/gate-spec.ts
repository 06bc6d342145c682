/**
 * The gate a CI run must pass, written as `metric=value,metric<=value,...` (CLI `--fail-under`). Parsed here,
 * without the engine, so a host can reject a bad spec before starting any work.
 */
import { ParityError } from './errors.js';
import { GATE_METRICS, type GateMetric } from './report/metrics.js';
import type { GateCriterion } from './report/report.js';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
// Names may be dotted (detection.map50).
const ITEM = /^([A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)*)\s*(>=|<=|=)\s*(.*)$/;

/** All metric names a gate may use. */
export const GATE_METRIC_NAMES = Object.keys(GATE_METRICS) as GateMetric[];

/** The metric called `name` (case-insensitive), or null. */
export function gateMetricByName(name: string): GateMetric | null {
  const lower = name.toLowerCase();
  return GATE_METRIC_NAMES.find((m) => m.toLowerCase() === lower) ?? null;
}

/**
 * Parses `top1Agreement=0.99,maxAbsDiff<=0.01`: `=` means "at least" for higher-is-better metrics and "at most"
 * for lower-is-better ones (GATE_METRICS); `>=` and `<=` say so explicitly. Empty items are ignored.
 * Throws ParityError BAD_OPTION on an unknown metric or a value that is not a finite number.
 */
export function parseGateSpec(spec: string): GateCriterion[] {
  const criteria: GateCriterion[] = [];
  for (const raw of spec.split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    const match = ITEM.exec(item);
    if (!match) {
      throw new ParityError(
        'BAD_OPTION',
        `Gate criterion "${item}" is not of the form metric=value, metric>=value or metric<=value.`,
        'Example: --fail-under "top1Agreement=0.99,maxAbsDiff<=0.01".',
      );
    }
    const [, name = '', operator = '=', valueText = ''] = match;
    const metric = gateMetricByName(name);
    if (metric === null) {
      throw new ParityError(
        'BAD_OPTION',
        `Unknown gate metric "${name}".`,
        `Valid metrics: ${GATE_METRIC_NAMES.join(', ')}.`,
      );
    }
    const value = valueText.trim();
    if (!NUMBER.test(value)) {
      throw new ParityError(
        'BAD_OPTION',
        `Gate criterion "${item}" needs a number after "${operator}", got "${value}".`,
        'Write plain decimals such as 0.99, 1e-3 or 5 (no % sign).',
      );
    }
    const bound = operator === '>=' ? 'min' : operator === '<=' ? 'max' : GATE_METRICS[metric] === 'higher' ? 'min' : 'max';
    criteria.push({ metric, bound, threshold: Number(value) });
  }
  return criteria;
}
