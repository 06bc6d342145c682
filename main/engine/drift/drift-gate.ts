/** Evaluates the drift gate (`--fail-over`) against a drift report's measures. */
import { DRIFT_GATE_METRICS, type DriftCriterion, type DriftGateMetric } from '../../../shared/drift/gate-spec.js';
import type { DriftGate, DriftStatistic, ModelView } from '../../../shared/drift/drift-report.js';

interface Measured {
  statistics: readonly DriftStatistic[];
  model: ModelView | null;
}

function extreme(values: Array<number | null | undefined>, pick: 'max' | 'min'): number | null {
  const finite = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (finite.length === 0) return null;
  return pick === 'max' ? Math.max(...finite) : Math.min(...finite);
}

/** The value a criterion compares, with the statistic it came from; null when the measure does not apply. */
export function driftMeasure(metric: DriftGateMetric, m: Measured): { value: number | null; where: string | null; why: string } {
  const stats = m.statistics;
  const worst = (key: 'psi' | 'ks' | 'pValue', pick: 'max' | 'min'): { value: number | null; where: string | null; why: string } => {
    const value = extreme(stats.map((s) => s[key]), pick);
    const at = stats.find((s) => s[key] === value);
    return { value, where: at?.name ?? null, why: 'no image statistic could be compared' };
  };
  switch (metric) {
    case 'psi':
      return worst('psi', 'max');
    case 'ks':
      return worst('ks', 'max');
    case 'ks-p':
      return worst('pValue', 'min');
    case 'output-psi': {
      const o = m.model?.outputs;
      if (!o) return { value: null, where: null, why: m.model ? (m.model.outputsNote ?? 'the model has no classification output') : 'no --model was given' };
      const parts: Array<[string, number | null]> = [['predicted class', o.predictedClass.psi], ['top-1 confidence', o.confidence.psi], ['entropy', o.entropy.psi]];
      const value = extreme(parts.map((p) => p[1]), 'max');
      return { value, where: parts.find((p) => p[1] === value)?.[0] ?? null, why: 'no output could be compared' };
    }
    case 'mmd':
    case 'mmd-p': {
      const f = m.model?.features;
      if (!f) return { value: null, where: null, why: m.model ? (m.model.featuresNote ?? 'no features') : 'no --model was given' };
      return { value: metric === 'mmd' ? f.mmd2 : f.pValue, where: `features ${f.tensor}`, why: '' };
    }
  }
}

/** Passes when every measure stays on its side of its threshold; a measure that does not apply fails. */
export function evaluateDriftGate(criteria: readonly DriftCriterion[], measured: Measured): DriftGate {
  const failures: DriftGate['failures'] = [];
  for (const c of criteria) {
    const { value, where, why } = driftMeasure(c.metric, measured);
    const over = DRIFT_GATE_METRICS[c.metric] === 'over';
    const fmt = (v: number): string => String(Number(v.toPrecision(4)));
    if (value === null) failures.push({ ...c, value: null, message: `${c.metric} does not apply: ${why}` });
    else if (over ? value > c.threshold : value < c.threshold) {
      failures.push({ ...c, value, message: `${c.metric} ${fmt(value)}${where ? ` (${where})` : ''} is ${over ? 'over' : 'under'} ${fmt(c.threshold)}` });
    }
  }
  return { passed: failures.length === 0, criteria: [...criteria], failures };
}
