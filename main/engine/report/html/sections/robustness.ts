/**
 * Parity under perturbations: agreement heatmap (perturbation × severity), accuracy-vs-severity curves of both
 * models, a per-perturbation table (lowest agreement, flips, corruption errors), the flip gallery (images whose
 * top-1 differs between the models under a perturbation, shown perturbed) and a strip of one image under every
 * perturbation at every severity.
 */
import { FLIPS_KEPT_PER_PERTURBATION } from '../../../parity/compare/robustness-flips.js';
import {
  agreementHeatmapSpec,
  perturbationAgreementRows,
  severityAccuracyRows,
  severityCurvesSpec,
} from '../../../../../shared/charts/index.js';
import { perturbationTitle } from '../../../../../shared/perturbations/index.js';
import { capitalized } from '../../../../../shared/report/format.js';
import { formatMetric, METRICS, type RobustnessMetricKey } from '../../../../../shared/report/metric-meaning.js';
import type { CorruptionError, FlipExample, RobustnessSummary } from '../../../../../shared/report/robustness-section.js';
import type { ParityReport } from '../../../../../shared/report/report.js';
import { perturbedThumbnailKey, thumbnailOf } from '../assets.js';
import { formatCount, formatDuration, formatPercent } from '../../../../../shared/report/format.js';
import { html, type SafeHtml } from '../html.js';
import { sectionHtml, type ReportContext, type RenderedSection } from '../report-context.js';
import { rankByDisagreement } from './gallery.js';
import { topKList } from './topk-list.js';

function ceCell(key: RobustnessMetricKey, v: number | null | undefined, title?: string): SafeHtml {
  const bad = v !== null && v !== undefined && v > 1;
  return html`<td class="num${bad ? ' bad' : ''}"${title ? html` title="${title}"` : null}>${formatMetric(key, v)}</td>`;
}

/** Lowest agreement over the severities of each perturbation (keyed by title, as the chart rows), with where it happened. */
function lowestByName(report: ParityReport): Map<string, { value: number | null; severity: number; flips: number | null }> {
  const agreement = perturbationAgreementRows(report);
  const out = new Map<string, { value: number | null; severity: number; flips: number | null }>();
  for (const row of agreement.rows) {
    const seen = out.get(row.perturbation);
    if (!seen || (row.value !== null && (seen.value === null || row.value < seen.value))) {
      out.set(row.perturbation, { value: row.value, severity: row.severity, flips: seen?.flips ?? null });
    }
  }
  for (const p of report.perturbations ?? []) {
    const entry = out.get(perturbationTitle(p.name));
    if (entry && p.flips !== undefined) entry.flips = (entry.flips ?? 0) + p.flips;
  }
  return out;
}

function perPerturbationTable(ctx: ReportContext, summary: RobustnessSummary | undefined): SafeHtml | null {
  const report = ctx.report;
  const lowest = lowestByName(report);
  const names = [...new Set([...(report.perturbations ?? []).map((p) => p.name), ...Object.keys(summary?.corruptionError ?? {})])];
  if (names.length === 0) return null;
  const detail = new Map<string, CorruptionError>((summary?.perPerturbation ?? []).map((d) => [d.name, d]));
  const family = new Map((report.perturbations ?? []).map((p) => [p.name, p.family]));
  const hasCe = Object.keys(summary?.corruptionError ?? {}).length > 0 || summary?.mCE !== null;
  const metricTitle = perturbationAgreementRows(report).metricTitle;
  const showFlips = (report.perturbations ?? []).some((p) => p.flips !== undefined);
  const rows = names.map((n) => {
    const low = lowest.get(perturbationTitle(n));
    const d = detail.get(n);
    return html`<tr${d?.note ? html` title="${d.note}"` : null}><td>${perturbationTitle(n)}</td><td class="muted small">${family.get(n) ?? ''}</td>
<td class="num">${low ? html`${formatPercent(low.value, 1)} <span class="muted small">(s${low.severity})</span>` : '—'}</td>
${showFlips ? html`<td class="num${low?.flips ? ' bad' : ''}">${low?.flips === null || low?.flips === undefined ? '—' : formatCount(low.flips)}</td>` : null}
${hasCe ? html`${ceCell('corruptionError', summary?.corruptionError[n], d?.note)}${ceCell('relativeCorruptionError', summary?.relativeCorruptionError[n], d?.note)}` : null}</tr>`;
  });
  const count = summary?.mCECount;
  const foot = hasCe
    ? html`<tfoot><tr><td>Mean (${METRICS.mCE.label})</td><td></td><td></td>${showFlips ? html`<td class="num">${formatCount(summary?.flips?.total ?? 0)}</td>` : null}${ceCell('mCE', summary?.mCE)}${ceCell('relativeMCE', summary?.relativeMCE)}</tr></tfoot>`
    : null;
  const undefinedNote = [...detail.values()].filter((d) => d.note).length;
  return html`<div class="table-wrap narrow"><table class="ce">
<thead><tr><th>Perturbation</th><th>Family</th><th class="num">Lowest ${metricTitle}</th>${showFlips ? html`<th class="num">Top-1 flips</th>` : null}${hasCe ? html`<th class="num" title="${METRICS.corruptionError.description}">${METRICS.corruptionError.label}</th><th class="num" title="${METRICS.relativeCorruptionError.description}">${capitalized(METRICS.relativeCorruptionError.label)}</th>` : null}</tr></thead>
<tbody>${rows}</tbody>${foot}
</table></div>
<p class="chart-caption">${hasCe
    ? html`CE = Σ over severities of the candidate's top-1 error ÷ the reference's (ImageNet-C's corruption error, with the reference as the baseline); relative CE uses the errors minus each model's clean error. Above 100% the candidate degrades more than the reference.${
        count !== undefined ? html` mCE averages the ${count} perturbation${count === 1 ? '' : 's'} where CE is defined${undefinedNote > 0 ? html`; hover a row for why one is not` : null}.` : null
      }`
    : 'Corruption errors need labels (--labels).'}${showFlips ? ' Top-1 flips count images whose top-1 class differs between the models, summed over severities.' : ''}</p>`;
}

function flipShot(ctx: ReportContext, flip: FlipExample): SafeHtml {
  const uri = thumbnailOf(ctx.assets, perturbedThumbnailKey(flip.path, flip.perturbation, flip.severity));
  const classes = ctx.classes;
  const nameOf = (index: number): string | null => (classes?.[index] !== undefined ? classes[index] : null);
  const correct = (index: number): boolean | null => (flip.label === null || nameOf(index) === null ? null : nameOf(index) === flip.label);
  return html`<article class="shot differs" data-path="${flip.path}" data-perturbation="${flip.perturbation}" data-severity="${flip.severity}">
  <div class="caption"><span class="path">${flip.path}</span><span class="rank">${perturbationTitle(flip.perturbation)} · s${flip.severity}</span></div>
  <div class="thumb${uri ? '' : ' missing'}">${uri ? html`<img src="${uri}" alt="${flip.path} under ${perturbationTitle(flip.perturbation)} severity ${flip.severity}">` : 'no thumbnail'}</div>
  <div class="topk-pair">${topKList('reference', [flip.reference], { classes, label: flip.label, correct: correct(flip.reference.index) })}${topKList('candidate', [flip.candidate], { classes, label: flip.label, correct: correct(flip.candidate.index) })}</div>
</article>`;
}

function flipGallery(ctx: ReportContext, summary: RobustnessSummary | undefined): SafeHtml | null {
  const flips = summary?.flips;
  if (!flips) return null;
  if (flips.total === 0) {
    return html`<h3>Top-1 flips under perturbation</h3><p class="panel">Under every perturbation and severity, both models chose the same top-1 class on every image.</p>`;
  }
  return html`<h3>Top-1 flips under perturbation</h3>
<p class="muted small">${formatCount(flips.total)} image${flips.total === 1 ? '' : 's'} × perturbation × severity where the candidate's top-1 differs from the reference's; ${flips.examples.length} shown (largest disagreement first, at most ${FLIPS_KEPT_PER_PERTURBATION} per perturbation), each as both models saw it.</p>
<div class="gallery">${flips.examples.map((f) => flipShot(ctx, f))}</div>`;
}

/** The strip's image: the one the run recorded, else the most disagreeing image that has perturbed thumbnails. */
function stripImage(ctx: ReportContext): string | null {
  const perts = ctx.report.perturbations ?? [];
  const has = (path: string): boolean => perts.some((p) => thumbnailOf(ctx.assets, perturbedThumbnailKey(path, p.name, p.severity)) !== null);
  const recorded = ctx.report.robustness?.sampleImage;
  if (recorded && has(recorded)) return recorded;
  return rankByDisagreement(ctx.report.perImage).find((r) => has(r.path))?.path ?? null;
}

/** One image under every perturbation and severity. */
function perturbationStrip(ctx: ReportContext): SafeHtml | null {
  const perts = ctx.report.perturbations ?? [];
  const names = [...new Set(perts.map((p) => p.name))];
  const severities = [...new Set(perts.map((p) => p.severity))].sort((a, b) => a - b);
  const image = stripImage(ctx);
  if (!image) return null;
  const clean = thumbnailOf(ctx.assets, image);
  const cell = (uri: string | null, alt: string): SafeHtml =>
    uri ? html`<img src="${uri}" alt="${alt}">` : html`<span class="muted small">—</span>`;
  return html`<h3>${image} under each perturbation</h3>
<div class="strip panel" style="--cols:${severities.length + 1}">
  <div class="row"><span></span><span class="head">clean</span>${severities.map((s) => html`<span class="head">severity ${s}</span>`)}</div>
  ${names.map(
    (n) => html`<div class="row"><span class="small">${perturbationTitle(n)}</span>${cell(clean, `${image} clean`)}${severities.map((s) =>
      cell(thumbnailOf(ctx.assets, perturbedThumbnailKey(image, n, s)), `${image} ${perturbationTitle(n)} severity ${s}`),
    )}</div>`,
  )}
</div>`;
}

function timingNote(summary: RobustnessSummary | undefined): SafeHtml | null {
  const t = summary?.timing;
  if (!t) return null;
  const cache = t.cache.enabled ? `${formatCount(t.cache.hits)} read from the cache, ${formatCount(t.cache.misses)} computed` : 'cache off';
  return html`<p class="chart-caption">Seed ${summary?.seed ?? 0}. Perturbing took ${formatDuration(t.perturbMs)} (${cache}${t.cacheReadMs > 0 ? `, ${formatDuration(t.cacheReadMs)} reading it` : ''}); inference on the perturbed images ${formatDuration(t.inferenceMs.reference)} (reference) and ${formatDuration(t.inferenceMs.candidate)} (candidate).</p>`;
}

/** Robustness section, or null when the report has no perturbation results. */
export async function renderRobustness(ctx: ReportContext): Promise<RenderedSection | null> {
  const { report } = ctx;
  if ((report.perturbations ?? []).length === 0 && !report.robustness) return null;
  const summary = report.robustness;
  const parts: SafeHtml[] = [];
  const charts: SafeHtml[] = [];
  const agreement = perturbationAgreementRows(report);
  if (agreement.rows.length > 0) {
    charts.push(
      await ctx.chart(agreementHeatmapSpec(agreement.rows, { metricTitle: agreement.metricTitle }), {
        caption: `${capitalized(agreement.metricTitle)} of the candidate with the reference, both fed the same perturbed image.`,
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
  const table = perPerturbationTable(ctx, summary);
  if (table) parts.push(html`<h3 style="margin-top:16px">Per perturbation</h3>${table}`);
  const flips = flipGallery(ctx, summary);
  if (flips) parts.push(html`<div style="margin-top:16px">${flips}</div>`);
  const strip = perturbationStrip(ctx);
  if (strip) parts.push(html`<div style="margin-top:16px">${strip}</div>`);
  const timing = timingNote(summary);
  if (timing) parts.push(timing);
  const names = new Set((report.perturbations ?? []).map((p) => p.name)).size;
  const severities = summary?.severities ?? [...new Set((report.perturbations ?? []).map((p) => p.severity))].sort((a, b) => a - b);
  return sectionHtml('robustness', 'Robustness', html`${parts}`, {
    page: true,
    note: `${names} perturbation${names === 1 ? '' : 's'} × severit${severities.length === 1 ? 'y' : 'ies'} ${severities.join(', ')}`,
  });
}
