/**
 * The drift gate a CI run must pass, written as `psi=0.2,mmd-p=0.01` (CLI `--fail-over`): the run fails when a
 * shift measure goes over its threshold, or a p-value goes under its own. Parsed here, without the engine, so a
 * host rejects a bad spec before any work starts.
 */
import { z } from 'zod';
import { ParityError } from '../errors.js';

/** Each measure and which side of the threshold counts as drifted. */
export const DRIFT_GATE_METRICS = {
  /** Largest PSI over the image statistics. */
  psi: 'over',
  /** Largest KS statistic over the image statistics. */
  ks: 'over',
  /** Smallest KS p-value over the image statistics. */
  'ks-p': 'under',
  /** Largest PSI over the model's outputs (predicted class, top-1 confidence, entropy). */
  'output-psi': 'over',
  /** MMD² of the features. */
  mmd: 'over',
  /** Permutation-test p-value of the features' MMD. */
  'mmd-p': 'under',
} as const;
export type DriftGateMetric = keyof typeof DRIFT_GATE_METRICS;
export const DRIFT_GATE_METRIC_NAMES = Object.keys(DRIFT_GATE_METRICS) as DriftGateMetric[];

export const DriftCriterionSchema = z.object({
  metric: z.enum(DRIFT_GATE_METRIC_NAMES as [DriftGateMetric, ...DriftGateMetric[]]),
  threshold: z.number(),
});
export type DriftCriterion = z.infer<typeof DriftCriterionSchema>;

/** Measures that need `--model`. */
export const MODEL_GATE_METRICS: ReadonlySet<DriftGateMetric> = new Set(['output-psi', 'mmd', 'mmd-p']);

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Parses `psi=0.2,mmd-p=0.01` (empty items ignored); throws ParityError BAD_OPTION on anything else. */
export function parseDriftGateSpec(spec: string): DriftCriterion[] {
  const criteria: DriftCriterion[] = [];
  for (const raw of spec.split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    const match = /^([A-Za-z][A-Za-z-]*)\s*=\s*(.*)$/.exec(item);
    if (!match) {
      throw new ParityError('BAD_OPTION', `Drift gate criterion "${item}" is not of the form measure=value.`, 'Example: --fail-over "psi=0.2,mmd-p=0.01".');
    }
    const name = match[1]!.toLowerCase();
    const value = match[2]!.trim();
    if (!(DRIFT_GATE_METRIC_NAMES as string[]).includes(name)) {
      throw new ParityError('BAD_OPTION', `Unknown drift gate measure "${match[1]}".`, `Valid measures: ${DRIFT_GATE_METRIC_NAMES.join(', ')}.`);
    }
    if (!NUMBER.test(value) || Number(value) < 0) {
      throw new ParityError('BAD_OPTION', `Drift gate criterion "${item}" needs a non-negative number after "=", got "${value}".`, 'Write plain decimals such as 0.2 or 1e-3.');
    }
    criteria.push({ metric: name as DriftGateMetric, threshold: Number(value) });
  }
  return criteria;
}

/** "psi over 0.2", "mmd-p under 0.01": how a criterion reads. */
export function describeDriftCriterion(c: DriftCriterion): string {
  return `${c.metric} ${DRIFT_GATE_METRICS[c.metric]} ${c.threshold}`;
}
