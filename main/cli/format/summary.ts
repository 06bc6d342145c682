/** What a terminal user reads after a compare: the clean figures, the gate verdict, the files, and robustness. */
import type { CompareResult } from '../../../shared/contract/jobs/compare.js';
import { perturbationTitle } from '../../../shared/perturbations/index.js';
import { formatDuration, formatPercent } from '../../../shared/report/format.js';
import { formatMetric, METRICS } from '../../../shared/report/metric-meaning.js';
import type { RobustnessHeadline } from '../../../shared/report/robustness-section.js';
import { formatServingRun } from './serving-summary.js';

const row = (label: string, value: string, width: number): string => `  ${`${label} `.padEnd(width)}${value}`;

/** The few lines a terminal user reads after a compare: agreement, accuracy, errors, gate verdict, files. */
export function formatCompareSummary(result: CompareResult, names: { reference: string; candidate: string }): string {
  const s = result.summary;
  const lines: string[] = [];
  const skipped = result.images.skipped.length;
  lines.push(
    `Compared ${result.images.count} image${result.images.count === 1 ? '' : 's'}${skipped ? ` (${skipped} skipped)` : ''}: ${names.reference} vs ${names.candidate}`,
  );
  const add = (label: string, value: string): void => {
    lines.push(row(label, value, 18));
  };
  if (s.sequenceExactMatch !== null) {
    add(METRICS.sequenceExactMatch.label, `${formatMetric('sequenceExactMatch', s.sequenceExactMatch)} of images read the same text`);
    add(METRICS.characterErrorRate.label, formatMetric('characterErrorRate', s.characterErrorRate));
    add(METRICS.positionAgreement.label, formatMetric('positionAgreement', s.positionAgreement));
  }
  if (s.top1Agreement !== null) add(METRICS.top1Agreement.label, formatMetric('top1Agreement', s.top1Agreement));
  if (s.top5Overlap !== null) add(METRICS.top5Overlap.label, formatMetric('top5Overlap', s.top5Overlap));
  if (s.accuracy) {
    const { reference, candidate, delta } = s.accuracy;
    add('accuracy', `reference ${formatPercent(reference)}, candidate ${formatPercent(candidate)} (${formatMetric('accuracyDelta', delta)})`);
  }
  if (s.iou !== null) add(`${METRICS.iou.label} / ${METRICS.dice.label}`, `${formatMetric('iou', s.iou)} / ${formatMetric('dice', s.dice)}`);
  if (s.klDivergence !== null) add('KL / JS', `${formatMetric('klDivergence', s.klDivergence)} / ${formatMetric('jsDivergence', s.jsDivergence)}`);
  add(METRICS.maxAbsDiff.label, `${formatMetric('maxAbsDiff', s.maxAbsDiff)} (mean ${formatMetric('meanAbsDiff', s.meanAbsDiff)}, p99 ${formatMetric('errorP99', s.errorP99)})`);
  add('allclose', `${formatMetric('allcloseRate', s.allcloseRate)} of images`);
  if (s.nanCount || s.infCount) add('NaN / Inf', `${s.nanCount} / ${s.infCount}`);
  if (result.gate.criteria.length > 0) {
    lines.push(result.gate.passed ? 'Gate: passed' : 'Gate: FAILED');
    for (const failure of result.gate.failures) lines.push(`  - ${failure.message}`);
  }
  for (const item of result.images.skipped.slice(0, 5)) lines.push(`  skipped ${item.path}: ${item.reason}`);
  if (skipped > 5) lines.push(`  … and ${skipped - 5} more skipped (see the report)`);
  if (result.performance) lines.push(`Performance: ${result.performance}`);
  if (result.serving) lines.push(...formatServingRun(result.serving));
  lines.push(`Report: ${result.files.html}`);
  lines.push(`JSON:   ${result.files.json}`);
  return lines.join('\n');
}

/** The robustness lines of the compare summary. */
export function formatRobustnessHeadline(h: RobustnessHeadline): string {
  const add = (label: string, value: string): string => row(label, value, 24);
  const lines = [
    `Robustness: ${h.perturbations} perturbation${h.perturbations === 1 ? '' : 's'} × severities ${h.severities.join(',')} (seed ${h.seed}), ${h.perturbedImages} perturbed images`,
  ];
  if (h.lowestAgreement) {
    const low = h.lowestAgreement;
    lines.push(add(`lowest ${low.metric}`, `${formatPercent(low.value, 1)} (${perturbationTitle(low.perturbation)}, severity ${low.severity})`));
  }
  if (h.flips !== null) lines.push(add('top-1 flips', `${h.flips} (candidate's top-1 differs from the reference's on a perturbed image)`));
  if (h.mCE !== null || h.relativeMCE !== null) {
    lines.push(add(METRICS.mCE.label, `${formatMetric('mCE', h.mCE)}, ${METRICS.relativeMCE.label} ${formatMetric('relativeMCE', h.relativeMCE)} (reference = 100%)`));
  } else {
    lines.push(add(METRICS.mCE.label, h.labelled ? 'n/a (the reference never errs under these perturbations)' : 'n/a (needs --labels)'));
  }
  lines.push(add('perturbation time', `${formatDuration(h.perturbMs)} (cache: ${h.cache.enabled ? `${h.cache.hits} hits, ${h.cache.misses} misses` : 'off'})`));
  return lines.join('\n');
}
