/**
 * The worst perturbation of a run: the (perturbation, severity) with the lowest agreement figure. The CLI's robustness
 * headline, the performance sentence and the candidates-side-by-side tables all name it this one way.
 */
import { perturbationTitle } from '../perturbations/index.js';
import { formatPercent } from './format.js';
import { METRICS, type SummaryMetricKey } from './metric-meaning.js';
import { agreementMetric, valueOfSummary } from './output-kinds.js';
import type { PerturbationResult } from './robustness-section.js';

export interface WorstPerturbation {
  /** The agreement figure compared (top-1 agreement, mAP, 1 − CER … as the outputs allow). */
  metric: SummaryMetricKey;
  perturbation: PerturbationResult['name'];
  severity: number;
  value: number;
}

/**
 * The perturbation result with the lowest `metric` (by default the agreement figure the results measure); the first
 * in report order on a tie; null when none measures it.
 */
export function worstPerturbation(
  perturbations: readonly PerturbationResult[] | undefined,
  metric: SummaryMetricKey = agreementMetric((perturbations ?? []).map((p) => p.metrics)),
): WorstPerturbation | null {
  let worst: WorstPerturbation | null = null;
  for (const p of perturbations ?? []) {
    const value = valueOfSummary(p.metrics, metric);
    if (value !== null && (worst === null || value < worst.value)) worst = { metric, perturbation: p.name, severity: p.severity, value };
  }
  return worst;
}

/** The metric's label as the views show it ("top-1 agreement"). */
export function worstMetricLabel(worst: WorstPerturbation): string {
  return METRICS[worst.metric].label;
}

/** "91.7% (Fog 4)": the lowest agreement under perturbation, where and how harsh; "—" when nothing measured it. */
export function worstPerturbationText(worst: { perturbation: string; severity: number; value: number | null } | null): string {
  return worst ? `${formatPercent(worst.value, 1)} (${perturbationTitle(worst.perturbation)} ${worst.severity})` : '—';
}

/** What the "worst perturbation" column means, for its header's tooltip. */
export const WORST_TITLE = 'The lowest agreement with the reference under any perturbation and severity of the run, and where';
