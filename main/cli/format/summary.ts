/** What a terminal user reads after a compare: the clean figures, the gate verdict, the files, and robustness. */
import type { CandidateOutcome, CompareResult } from '../../../shared/contract/jobs/compare.js';
import { perturbationTitle } from '../../../shared/perturbations/index.js';
import { formatDuration, formatPercent } from '../../../shared/report/format.js';
import { formatMetric, METRICS } from '../../../shared/report/metric-meaning.js';
import type { RobustnessHeadline } from '../../../shared/report/robustness-section.js';
import { worstPerturbationText } from '../../../shared/report/worst-perturbation.js';
import { formatServingRun } from './serving-summary.js';
import type { DetectionSummary } from '../../../shared/report/detection.js';

const row = (label: string, value: string, width: number): string => `  ${`${label} `.padEnd(width)}${value}`;

/** The few lines a terminal user reads after a compare: agreement, accuracy, errors, gate verdict, files. */
export function formatCompareSummary(result: CompareResult, names: { reference: string; candidate: string }): string {
  if (result.candidates && result.candidates.length > 1) return formatCandidatesSummary(result, result.candidates, names.reference);
  const s = result.summary;
  const lines: string[] = [];
  const skipped = result.images.skipped.length;
  lines.push(
    `Compared ${result.images.count} image${result.images.count === 1 ? '' : 's'}${skipped ? ` (${skipped} skipped)` : ''}: ${names.reference} vs ${names.candidate}`,
  );
  // The detection labels are the longest; other runs keep their narrower column.
  const width = s.detection ? 20 : 18;
  const add = (label: string, value: string): void => {
    lines.push(row(label, value, width));
  };
  if (s.detection) addDetection(s.detection, add);
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
  lines.push(...closingLines(result));
  return lines.join('\n');
}

/** The gate verdict, skipped images, performance and the report files: the end of every compare summary. */
function closingLines(result: CompareResult): string[] {
  const lines: string[] = [];
  const skipped = result.images.skipped.length;
  if (result.gate.criteria.length > 0) {
    lines.push(result.gate.passed ? 'Gate: passed' : 'Gate: FAILED');
    for (const failure of result.gate.failures) lines.push(`  - ${failure.message}`);
  }
  for (const item of result.images.skipped.slice(0, 5)) lines.push(`  skipped ${item.path}: ${item.reason}`);
  if (skipped > 5) lines.push(`  … and ${skipped - 5} more skipped (see the report)`);
  if (result.performance && !result.candidates) lines.push(`Performance: ${result.performance}`);
  if (result.serving) lines.push(...formatServingRun(result.serving));
  lines.push(`Report: ${result.files.html}`);
  lines.push(`JSON:   ${result.files.json}`);
  return lines;
}

/** A run of several candidates: one row per candidate (agreement, accuracy, largest error, gate), then speed. */
function formatCandidatesSummary(result: CompareResult, candidates: readonly CandidateOutcome[], reference: string): string {
  const skipped = result.images.skipped.length;
  const lines = [
    `Compared ${result.images.count} image${result.images.count === 1 ? '' : 's'}${skipped ? ` (${skipped} skipped)` : ''}: ${reference} vs ${candidates.length} candidates`,
  ];
  const gated = result.gate.criteria.length > 0;
  const perturbed = candidates.some((c) => c.robustness);
  const header = ['candidate', METRICS.top1Agreement.label, 'accuracy', METRICS.maxAbsDiff.label, 'allclose', ...(perturbed ? ['worst perturbation'] : []), ...(gated ? ['gate'] : [])];
  const rows = candidates.map((c) => [
    c.name,
    c.summary.top1Agreement === null ? '—' : formatMetric('top1Agreement', c.summary.top1Agreement),
    c.summary.accuracy ? `${formatPercent(c.summary.accuracy.candidate)} (${formatMetric('accuracyDelta', c.summary.accuracy.delta)})` : '—',
    formatMetric('maxAbsDiff', c.summary.maxAbsDiff),
    formatMetric('allcloseRate', c.summary.allcloseRate),
    ...(perturbed ? [worstPerturbationText(c.robustness?.lowestAgreement ?? null)] : []),
    ...(gated ? [c.gate.passed ? 'passed' : 'FAILED'] : []),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string => `  ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')}`;
  lines.push(line(header), ...rows.map(line));
  const accuracy = result.summary.accuracy;
  if (accuracy) lines.push(`  reference accuracy ${formatPercent(accuracy.reference)}`);
  for (const c of candidates) if (c.performance) lines.push(`Performance of ${c.name}: ${c.performance}`);
  lines.push(...closingLines(result));
  return lines.join('\n');
}

/** The detection lines: pseudo-ground-truth figures, counts, and each model's mAP against --boxes. */
function addDetection(d: DetectionSummary, add: (label: string, value: string) => void): void {
  add('mAP@0.5 / 0.5:0.95', `${formatMetric('detection.map50', d.map50)} / ${formatMetric('detection.map50_95', d.map50_95)} (reference's boxes as truth)`);
  add('precision / recall', `${formatMetric('detection.precision', d.precision)} / ${formatMetric('detection.recall', d.recall)} at IoU 0.5`);
  add('matched boxes', `${d.matched} of ${d.referenceBoxes} reference, ${d.candidateBoxes} candidate; IoU ${formatMetric('detection.matchedIou', d.matchedIou)}, same class ${formatMetric('detection.classAgreement', d.classAgreement)}`);
  add('box count |Δ|', `${formatMetric('detection.countDelta', d.countDelta)} per image`);
  if (d.accuracy?.truth === 'boxes') {
    const { reference, candidate } = d.accuracy;
    add('mAP@0.5 on truth', `reference ${formatPercent(reference.map50)}, candidate ${formatPercent(candidate.map50)} (0.5:0.95: ${formatPercent(reference.map50_95)}, ${formatPercent(candidate.map50_95)})`);
  }
}

/** The robustness lines of the compare summary (of the named candidate, in a run of several). */
export function formatRobustnessHeadline(h: RobustnessHeadline, candidate?: string): string {
  const add = (label: string, value: string): string => row(label, value, 24);
  const lines = [
    `Robustness${candidate ? ` of ${candidate}` : ''}: ${h.perturbations} perturbation${h.perturbations === 1 ? '' : 's'} × severities ${h.severities.join(',')} (seed ${h.seed}), ${h.perturbedImages} perturbed images`,
  ];
  if (h.lowestAgreement) {
    const low = h.lowestAgreement;
    lines.push(add(`lowest ${low.metric}`, `${formatPercent(low.value, 1)} (${perturbationTitle(low.perturbation)}, severity ${low.severity})`));
  }
  if (h.flips !== null) lines.push(add('top-1 flips', `${h.flips} (candidate's top-1 differs from the reference's on a perturbed image)`));
  if (h.mCE !== null || h.relativeMCE !== null) {
    lines.push(add(METRICS.mCE.label, `${formatMetric('mCE', h.mCE)}, ${METRICS.relativeMCE.label} ${formatMetric('relativeMCE', h.relativeMCE)} (reference = 100%)`));
  } else {
    lines.push(add(METRICS.mCE.label, h.labelled ? 'n/a (the reference never errs under these perturbations)' : 'n/a (needs --labels, or --postprocess for a detector)'));
  }
  lines.push(add('perturbation time', `${formatDuration(h.perturbMs)} (cache: ${h.cache.enabled ? `${h.cache.hits} hits, ${h.cache.misses} misses` : 'off'})`));
  return lines.join('\n');
}
