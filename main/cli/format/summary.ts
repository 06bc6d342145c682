import type { CompareResult } from '../../../shared/contract/jobs/compare.js';
import { formatNumber, formatPercent } from './units.js';

/** The few lines a terminal user reads after a compare: agreement, accuracy, errors, gate verdict, files. */
export function formatCompareSummary(result: CompareResult, names: { reference: string; candidate: string }): string {
  const s = result.summary;
  const lines: string[] = [];
  const skipped = result.images.skipped.length;
  lines.push(
    `Compared ${result.images.count} image${result.images.count === 1 ? '' : 's'}${skipped ? ` (${skipped} skipped)` : ''}: ${names.reference} vs ${names.candidate}`,
  );
  const row = (label: string, value: string): void => {
    lines.push(`  ${label.padEnd(18)}${value}`);
  };
  if (s.top1Agreement !== null) row('top-1 agreement', formatPercent(s.top1Agreement, 2));
  if (s.top5Overlap !== null) row('top-5 overlap', formatPercent(s.top5Overlap, 2));
  if (s.accuracy) {
    const pp = (s.accuracy.delta * 100).toFixed(2);
    row('accuracy', `reference ${formatPercent(s.accuracy.reference, 2)}, candidate ${formatPercent(s.accuracy.candidate, 2)} (${s.accuracy.delta >= 0 ? '+' : ''}${pp} pp)`);
  }
  if (s.iou !== null) row('IoU / Dice', `${formatNumber(s.iou)} / ${formatNumber(s.dice)}`);
  if (s.klDivergence !== null) row('KL / JS', `${formatNumber(s.klDivergence)} / ${formatNumber(s.jsDivergence)}`);
  row('max |Δ|', `${formatNumber(s.maxAbsDiff)} (mean ${formatNumber(s.meanAbsDiff)}, p99 ${formatNumber(s.errorP99)})`);
  row('allclose', `${formatPercent(s.allcloseRate, 1)} of images`);
  if (s.nanCount || s.infCount) row('NaN / Inf', `${s.nanCount} / ${s.infCount}`);
  if (result.gate.criteria.length > 0) {
    lines.push(result.gate.passed ? 'Gate: passed' : 'Gate: FAILED');
    for (const failure of result.gate.failures) lines.push(`  - ${failure.message}`);
  }
  for (const item of result.images.skipped.slice(0, 5)) lines.push(`  skipped ${item.path}: ${item.reason}`);
  if (skipped > 5) lines.push(`  … and ${skipped - 5} more skipped (see the report)`);
  if (result.performance) lines.push(`Performance: ${result.performance}`);
  lines.push(`Report: ${result.files.html}`);
  lines.push(`JSON:   ${result.files.json}`);
  return lines.join('\n');
}
