/** A run of several candidates: one row per candidate (agreement, accuracy, error, worst perturbation, size, speed, gate) and a chart. */
import { candidatesSpec } from '../../../../../shared/charts/index.js';
import { candidateRows, candidateSize, candidateSpeed } from '../../../../../shared/report/candidate-rows.js';
import { formatBytes, formatPercent } from '../../../../../shared/report/format.js';
import { formatMetric, METRICS } from '../../../../../shared/report/metric-meaning.js';
import { WORST_TITLE, worstMetricLabel, worstPerturbationText } from '../../../../../shared/report/worst-perturbation.js';
import { html } from '../html.js';
import { sectionHtml, type ReportContext, type RenderedSection } from '../report-context.js';

/** Section, or null for a run of one candidate. */
export async function renderCandidates(ctx: ReportContext): Promise<RenderedSection | null> {
  const rows = candidateRows(ctx.report);
  if (rows.length === 0) return null;
  const gated = rows.some((r) => r.gatePassed !== null);
  const labelled = rows.some((r) => r.accuracy !== null);
  const perturbed = rows.some((r) => r.worstPerturbation !== null);
  const referenceAccuracy = ctx.report.summary.clean.accuracy?.reference ?? null;
  const chart = rows.some((r) => r.top1Agreement !== null || r.accuracy !== null)
    ? await ctx.chart(candidatesSpec(rows, referenceAccuracy, { width: 360 }), { caption: 'Each candidate against the same reference outputs on the same decoded images.' })
    : null;
  const table = html`<div class="table-wrap"><table class="compact candidates" data-sortable><thead><tr><th data-sort="text">Candidate</th><th class="num" data-sort="num" title="${METRICS.top1Agreement.description}">${METRICS.top1Agreement.label}</th>${
    labelled ? html`<th class="num" data-sort="num">Accuracy</th>` : null
  }<th class="num" data-sort="num" title="${METRICS.maxAbsDiff.description}">${METRICS.maxAbsDiff.label}</th><th class="num" data-sort="num">allclose</th>${
    perturbed ? html`<th class="num" data-sort="num" title="${WORST_TITLE}">Worst perturbation</th>` : null
  }<th class="num" data-sort="num">Size</th><th>Speed</th>${gated ? html`<th>Gate</th>` : null}</tr></thead><tbody>${rows.map(
    (r) => html`<tr><td class="cls" data-v="${r.name}" title="${r.path}">${r.name}</td><td class="num" data-v="${r.top1Agreement ?? ''}">${formatMetric('top1Agreement', r.top1Agreement)}</td>${
      labelled ? html`<td class="num" data-v="${r.accuracy ?? ''}">${formatPercent(r.accuracy)} <span class="muted">(${formatMetric('accuracyDelta', r.accuracyDelta)})</span></td>` : null
    }<td class="num" data-v="${r.maxAbsDiff}">${formatMetric('maxAbsDiff', r.maxAbsDiff)}</td><td class="num" data-v="${r.allcloseRate}">${formatMetric('allcloseRate', r.allcloseRate)}</td>${
      perturbed ? html`<td class="num" data-v="${r.worstPerturbation?.value ?? ''}" title="${r.worstPerturbation ? worstMetricLabel(r.worstPerturbation) : ''}">${worstPerturbationText(r.worstPerturbation)}</td>` : null
    }<td class="num" data-v="${r.sizeBytes ?? ''}">${formatBytes(r.sizeBytes)} <span class="muted">${candidateSize(r)}</span></td><td>${candidateSpeed(r)}</td>${
      gated ? html`<td>${r.gatePassed ? 'passed' : html`<strong>FAILED</strong>`}</td>` : null
    }</tr>`,
  )}</tbody></table></div>`;
  const note = `${rows.length} candidates against ${referenceAccuracy !== null ? `the reference (accuracy ${formatPercent(referenceAccuracy)})` : 'the reference'}; the other sections show the first, ${rows[0]!.name}`;
  return sectionHtml('candidates', 'Candidates side by side', html`${chart ? html`<div class="charts">${chart}</div>` : null}<div style="margin-top:12px">${table}</div>`, { note });
}
