/**
 * The one line a reader of a compare report wants: "candidate is X% faster (or slower), Y× smaller, top-1 agreement
 * Z% clean and W% at the worst perturbation", with the agreement measure the model's outputs allow.
 */
import { perturbationTitle } from '../../../shared/perturbations/index.js';
import { formatPercent } from '../../../shared/report/format.js';
import type { SummaryMetrics } from '../../../shared/report/metrics.js';
import { METRICS } from '../../../shared/report/metric-meaning.js';
import { agreementMetric, valueOfSummary } from '../../../shared/report/output-kinds.js';
import { sizePhrase, speedPhrase, type BenchComparison } from '../../../shared/report/performance-section.js';
import type { PerturbationResult } from '../../../shared/report/robustness-section.js';
import { worstPerturbation } from '../../../shared/report/worst-perturbation.js';

/** A rate in a sentence: one decimal, none for exactly 100%. */
const percent = (v: number): string => formatPercent(v, v === 1 ? 0 : 1);

/** The headline sentence; the perturbation part only when perturbation results with that measure exist. */
export function performanceHeadline(
  comparison: BenchComparison,
  clean: SummaryMetrics,
  perturbations: readonly PerturbationResult[] | undefined,
): string {
  const speed = speedPhrase(comparison);
  const size = sizePhrase(comparison.sizeRatio);
  const lead = comparison.withinNoise ? `candidate shows ${speed} and is ${size}` : `candidate is ${speed}, ${size}`;
  const key = agreementMetric([clean]);
  const cleanValue = valueOfSummary(clean, key);
  if (cleanValue === null) return `${lead}.`;
  const worst = worstPerturbation(perturbations, key);
  const tail = worst
    ? ` and ${percent(worst.value)} at the worst perturbation (${perturbationTitle(worst.perturbation)}, severity ${worst.severity})`
    : '';
  return `${lead}, ${METRICS[key].label} ${percent(cleanValue)} clean${tail}.`;
}
