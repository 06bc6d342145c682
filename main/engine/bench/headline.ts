/**
 * The one line a reader of a compare report wants: "candidate is X% faster (or slower), Y× smaller, top-1 agreement
 * Z% clean and W% at the worst perturbation", with the agreement measure the model's outputs allow.
 */
import type { SummaryMetrics } from '../../../shared/report/metrics.js';
import { sizePhrase, speedPhrase, type BenchComparison } from '../../../shared/report/performance-section.js';
import type { PerturbationResult } from '../../../shared/report/robustness-section.js';

type AgreementKey = 'top1Agreement' | 'iou' | 'allcloseRate';

/** The agreement measure: top-1 for classifiers, mean IoU for dense maps, else the allclose rate. */
function agreementOf(clean: SummaryMetrics): { key: AgreementKey; name: string } {
  if (clean.top1Agreement !== null) return { key: 'top1Agreement', name: 'top-1 agreement' };
  if (clean.iou !== null) return { key: 'iou', name: 'mean IoU' };
  return { key: 'allcloseRate', name: 'allclose rate' };
}

const percent = (v: number): string => `${(v * 100).toFixed(v === 1 ? 0 : 1)}%`;

/** The headline sentence; the perturbation part only when perturbation results with that measure exist. */
export function performanceHeadline(
  comparison: BenchComparison,
  clean: SummaryMetrics,
  perturbations: readonly PerturbationResult[] | undefined,
): string {
  const speed = speedPhrase(comparison);
  const size = sizePhrase(comparison.sizeRatio);
  const lead = comparison.withinNoise ? `candidate shows ${speed} and is ${size}` : `candidate is ${speed}, ${size}`;
  const { key, name } = agreementOf(clean);
  const cleanValue = clean[key];
  if (cleanValue === null) return `${lead}.`;
  let worst: PerturbationResult | null = null;
  for (const p of perturbations ?? []) {
    const value = p.metrics[key];
    if (value === null) continue;
    if (worst === null || value < (worst.metrics[key] as number)) worst = p;
  }
  const tail = worst
    ? ` and ${percent(worst.metrics[key] as number)} at the worst perturbation (${worst.name}, severity ${worst.severity})`
    : '';
  return `${lead}, ${name} ${percent(cleanValue)} clean${tail}.`;
}
