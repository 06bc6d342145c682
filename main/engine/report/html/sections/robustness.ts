/**
 * Parity under perturbations: agreement heatmap, accuracy-vs-severity curves, corruption errors and a strip
 * of one image under every perturbation. Owned jointly with the robustness area: extend this as
 * PerturbationResultSchema / RobustnessSummarySchema grow (a flip gallery needs per-image perturbed predictions).
 */
import {
  agreementHeatmapSpec,
  perturbationAgreementRows,
  severityAccuracyRows,
  severityCurvesSpec,
} from '../../../../../shared/charts/index.js';
import type { RobustnessSummary } from '../../../../../shared/report/robustness-section.js';
import { perturbedThumbnailKey, thumbnailOf } from '../assets.js';
import { formatPercent } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { sectionHtml, type ReportContext, type RenderedSection } from '../report-context.js';
import { rankByDisagreement } from './gallery.js';

function corruptionErrorTable(summary: RobustnessSummary): SafeHtml | null {
  const names = [...new Set([...Object.keys(summary.corruptionError), ...Object.keys(summary.relativeCorruptionError)])];
  if (names.length === 0 && summary.mCE === null && summary.relativeMCE === null) return null;
  const ce = (v: number | null | undefined): SafeHtml =>
    html`<td class="num${v !== null && v !== undefined && v > 1 ? ' bad' : ''}">${formatPercent(v, 1)}</td>`;
  return html`<div class="table-wrap narrow"><table class="ce">
<thead><tr><th>Perturbation</th><th class="num">CE</th><th class="num">Relative CE</th></tr></thead>
<tbody>${names.map((n) => html`<tr><td>${n}</td>${ce(summary.corruptionError[n])}${ce(summary.relativeCorruptionError[n])}</tr>`)}</tbody>
<tfoot><tr><td>Mean (mCE)</td>${ce(summary.mCE)}${ce(summary.relativeMCE)}</tr></tfoot>
</table></div>
<p class="chart-caption">CE = Σ over severities of the candidate's error ÷ the reference's (ImageNet-C, with the reference as baseline); above 100% the candidate degrades more than the reference.</p>`;
}

/** One image (the most disagreeing one that has perturbed thumbnails) under every perturbation and severity. */
function perturbationStrip(ctx: ReportContext): SafeHtml | null {
  const perts = ctx.report.perturbations ?? [];
  const names = [...new Set(perts.map((p) => p.name))];
  const severities = [...new Set(perts.map((p) => p.severity))].sort((a, b) => a - b);
  const image = rankByDisagreement(ctx.report.perImage).find((r) =>
    perts.some((p) => thumbnailOf(ctx.assets, perturbedThumbnailKey(r.path, p.name, p.severity)) !== null),
  );
  if (!image) return null;
  const clean = thumbnailOf(ctx.assets, image.path);
  const cell = (uri: string | null, alt: string): SafeHtml =>
    uri ? html`<img src="${uri}" alt="${alt}">` : html`<span class="muted small">—</span>`;
  return html`<h3>${image.path} under each perturbation</h3>
<div class="strip panel" style="--cols:${severities.length + 1}">
  <div class="row"><span></span><span class="head">clean</span>${severities.map((s) => html`<span class="head">severity ${s}</span>`)}</div>
  ${names.map(
    (n) => html`<div class="row"><span class="small">${n}</span>${cell(clean, `${image.path} clean`)}${severities.map((s) =>
      cell(thumbnailOf(ctx.assets, perturbedThumbnailKey(image.path, n, s)), `${image.path} ${n} severity ${s}`),
    )}</div>`,
  )}
</div>`;
}

/** Robustness section, or null when the report has no perturbation results. */
export async function renderRobustness(ctx: ReportContext): Promise<RenderedSection | null> {
  const { report } = ctx;
  if ((report.perturbations ?? []).length === 0 && !report.robustness) return null;
  const parts: SafeHtml[] = [];
  const charts: SafeHtml[] = [];
  const agreement = perturbationAgreementRows(report);
  if (agreement.rows.length > 0) {
    charts.push(
      await ctx.chart(agreementHeatmapSpec(agreement.rows, { metricTitle: agreement.metricTitle }), {
        caption: `${agreement.metricTitle[0]!.toUpperCase()}${agreement.metricTitle.slice(1)} of the candidate with the reference, both fed the same perturbed image.`,
      }),
    );
  }
  const curves = severityAccuracyRows(report);
  if (curves.length > 0) {
    charts.push(
      await ctx.chart(severityCurvesSpec(curves, { width: 170 }), {
        wide: true,
        caption: 'Accuracy of both models as severity grows; a gap between the lines is robustness the candidate lost or gained.',
      }),
    );
  }
  if (charts.length > 0) parts.push(html`<div class="charts">${charts}</div>`);
  if (report.robustness) {
    const table = corruptionErrorTable(report.robustness);
    if (table) parts.push(html`<h3 style="margin-top:16px">Corruption error</h3>${table}`);
  }
  const strip = perturbationStrip(ctx);
  if (strip) parts.push(html`<div style="margin-top:16px">${strip}</div>`);
  return sectionHtml('robustness', 'Robustness', html`${parts}`, {
    page: true,
    note: `${new Set((report.perturbations ?? []).map((p) => p.name)).size} perturbations`,
  });
}
