/** What `parity drift` prints: the statistics table, the model's view, the closest perturbations, the gate. */
import type { DriftReport } from '../../../shared/drift/drift-report.js';
import { formatMeasure } from '../../../shared/drift/format.js';
import { perturbationTitle } from '../../../shared/perturbations/index.js';
import { formatPercent } from '../../../shared/report/format.js';

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n');
}

/** The summary block printed after a drift check. */
export function formatDriftSummary(r: DriftReport): string {
  const lines: string[] = [`Drift of ${r.field.folder} (${r.field.images} images) from ${r.reference.folder} (${r.reference.images} images)`, ''];
  lines.push(
    table([
      ['statistic', 'level', 'PSI', 'KS', 'p-value', 'median ref', 'median field'],
      ...r.statistics.map((s) => [s.title, s.level, formatMeasure(s.psi), formatMeasure(s.ks), formatMeasure(s.pValue), formatMeasure(s.reference.median), formatMeasure(s.field.median)]),
    ]),
  );
  const m = r.model;
  if (m) {
    lines.push('');
    if (m.outputs) {
      const o = m.outputs;
      lines.push(`Model outputs: predicted class PSI ${formatMeasure(o.predictedClass.psi)}; top-1 confidence PSI ${formatMeasure(o.confidence.psi)}, KS ${formatMeasure(o.confidence.ks)} (p ${formatMeasure(o.confidence.pValue)}); entropy PSI ${formatMeasure(o.entropy.psi)}, KS ${formatMeasure(o.entropy.ks)} (p ${formatMeasure(o.entropy.pValue)})`);
    } else if (m.outputsNote) lines.push(`Model outputs: ${m.outputsNote}`);
    if (m.features) {
      const f = m.features;
      lines.push(`Features (${f.dims} values, ${f.how}): MMD² ${formatMeasure(f.mmd2)}, permutation p ${formatMeasure(f.pValue)} (${f.permutations} permutations, ${f.sample.reference} + ${f.sample.field} vectors)`);
    } else if (m.featuresNote) lines.push(`Features: ${m.featuresNote}`);
    if (m.candidate) lines.push(`Candidate agrees with the model on ${formatPercent(m.candidate.agreement.field, 1)} of field images (${formatPercent(m.candidate.agreement.reference, 1)} of reference images)`);
    if (m.leastLike.length > 0) lines.push(`Least like the reference: ${m.leastLike.slice(0, 5).map((e) => e.path).join(', ')}`);
  }
  if (r.resemblance) {
    lines.push('', `Closest perturbations (distance; unperturbed reference ${formatMeasure(r.resemblance.cleanDistance)}):`);
    for (const e of r.resembles.slice(0, 5)) {
      const agreement = e.agreement !== null ? `, candidate agreement there ${formatPercent(e.agreement, 1)}` : '';
      lines.push(`  ${perturbationTitle(e.name)} ${e.severity}: ${formatMeasure(e.distance)}${e.closerThanClean ? '' : ' (not clearly closer than clean)'}${agreement}`);
    }
  }
  lines.push('', r.headline);
  if (r.gate.criteria.length > 0) {
    lines.push(r.gate.passed ? 'Gate passed: no measure drifted past its threshold.' : `Gate FAILED: ${r.gate.failures.map((f) => f.message).join('; ')}`);
  }
  return lines.join('\n');
}
