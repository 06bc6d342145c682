/**
 * drift.html: the drift report as one self-contained page like the compare report (same styles, inline SVG charts,
 * thumbnails as data: URIs, a CSP that forbids every load), a view of drift.json.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { DriftReport, DriftStatistic, ScalarShift } from '../../../shared/drift/drift-report.js';
import { DRIFT_GATE_METRICS } from '../../../shared/drift/gate-spec.js';
import { STATISTICS } from '../../../shared/drift/statistics.js';
import { classHistogramSpec, overlaidHistogramSpec, unchanging } from '../../../shared/drift/charts.js';
import { formatMeasure } from '../../../shared/drift/format.js';
import { perturbationTitle } from '../../../shared/perturbations/index.js';
import { formatPercent } from '../../../shared/report/format.js';
import { html, trusted, type SafeHtml } from '../report/html/html.js';
import { renderChartSvg } from '../report/html/render-chart.js';
import { reportHead } from '../report/html/page-head.js';

const RESEMBLANCE_ROWS = 10;

/** The whole page. */
export async function renderDriftHtml(report: DriftReport, thumbnails: ReadonlyMap<string, string>): Promise<string> {
  let chartId = 0;
  const chart = async (spec: TopLevelSpec): Promise<SafeHtml> =>
    html`<figure class="chart" role="group">${trusted(await renderChartSvg(spec, { idPrefix: `drift${chartId++}-` }))}</figure>`;
  const sections: Array<{ id: string; title: string; body: SafeHtml }> = [];
  sections.push({ id: 'statistics', title: 'Image statistics', body: await statisticsSection(report, chart) });
  if (report.model) sections.push({ id: 'model', title: "The model's view", body: await modelSection(report, chart, thumbnails) });
  if (report.resemblance) sections.push({ id: 'resembles', title: 'What the field resembles', body: resemblanceSection(report) });
  sections.push({ id: 'folders', title: 'Folders', body: foldersSection(report) });
  const verdict = report.gate.criteria.length === 0 ? 'none' : report.gate.passed ? 'pass' : 'fail';
  const badge = verdict === 'none' ? 'No gate' : verdict === 'pass' ? 'Passed' : 'Drifted';
  const csp = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";
  const title = `Parity drift report · ${baseName(report.field.folder)} vs ${baseName(report.reference.folder)} · ${badge}`;
  const page = html`${reportHead({ csp, version: report.tool.version, title })}
<main>
<header class="report-header"><div><h1>Drift report</h1>
<div class="subtitle">field <code class="break">${report.field.folder}</code> (${report.field.images} images) against reference <code class="break">${report.reference.folder}</code> (${report.reference.images} images)</div></div>
<div class="meta">${report.createdAt.slice(0, 16).replace('T', ' ')} UTC<br>parity ${report.tool.version}</div></header>
<div class="verdict ${verdict}"><span class="badge-lg">${badge}</span><div class="headline">${report.headline}</div>
${gateList(report)}</div>
<nav class="toc" aria-label="Contents">${sections.map((s) => html`<a href="#${s.id}">${s.title}</a>`)}</nav>
${sections.map((s) => html`<section class="report-section" id="${s.id}" aria-labelledby="${s.id}-title"><div class="section-head"><h2 id="${s.id}-title">${s.title}</h2></div>${s.body}</section>`)}
<footer><span>${report.analysis.description} Seed ${report.analysis.seed}.</span>
<span>Total ${(report.timings.totalMs / 1000).toFixed(1)} s · reference ${(report.timings.referenceMs / 1000).toFixed(1)} s · field ${(report.timings.fieldMs / 1000).toFixed(1)} s · perturbation matching ${(report.timings.resemblanceMs / 1000).toFixed(1)} s · feature test ${(report.timings.featureTestMs / 1000).toFixed(1)} s</span>
<span>drift.json is the source of truth; this page is a view of it.</span></footer>
</main>
</body>
</html>
`;
  return page.value;
}

function baseName(p: string): string {
  return p.split(/[\\/]/).filter(Boolean).pop() ?? p;
}

function gateList(report: DriftReport): SafeHtml | null {
  if (report.gate.criteria.length === 0) return html`<div class="small muted">No gate was set (--fail-over): nothing was enforced.</div>`;
  return html`<ul>${report.gate.criteria.map((c) => {
    const failure = report.gate.failures.find((f) => f.metric === c.metric);
    return html`<li class="${failure ? 'bad' : 'ok'}">${failure ? failure.message : `${c.metric} stays ${DRIFT_GATE_METRICS[c.metric] === 'over' ? 'at or under' : 'at or over'} ${c.threshold}`}</li>`;
  })}</ul>`;
}

function shiftCells(s: ScalarShift): SafeHtml {
  return html`<td class="num">${formatMeasure(s.psi)}</td><td class="num">${formatMeasure(s.ks)}</td><td class="num">${formatMeasure(s.pValue)}</td><td class="num">${formatMeasure(s.reference.median)}</td><td class="num">${formatMeasure(s.field.median)}</td>`;
}

async function statisticsSection(report: DriftReport, chart: (spec: TopLevelSpec) => Promise<SafeHtml>): Promise<SafeHtml> {
  const rows = report.statistics.map(
    (s: DriftStatistic) => html`<tr><td>${s.title} <span class="muted small">${s.unit}</span></td><td><span class="pill ${s.level === 'shifted' ? 'bad' : s.level === 'moderate' ? '' : 'ok'}">${s.level}</span></td>${shiftCells(s)}</tr>`,
  );
  const charts: SafeHtml[] = [];
  for (const s of report.statistics) {
    if (s.histogram.edges.length === 0 || unchanging(s)) continue;
    charts.push(await chart(overlaidHistogramSpec(s.histogram, { title: s.title, subtitle: `PSI ${formatMeasure(s.psi)} · KS ${formatMeasure(s.ks)}`, axisTitle: STATISTICS[s.name].unit })));
  }
  return html`<p class="small muted">Sorted by how far each moved. PSI over the reference's quantile bins (below 0.1 stable, 0.1–0.25 moderate, above 0.25 shifted); KS statistic and its two-sided p-value.</p>
<div class="table-wrap"><table><thead><tr><th>Statistic</th><th>Level</th><th class="num">PSI</th><th class="num">KS</th><th class="num">p-value</th><th class="num">median ref.</th><th class="num">median field</th></tr></thead><tbody>${rows}</tbody></table></div>
${report.statistics.some(unchanging) ? html`<p class="small muted">The same in every image of both folders: ${report.statistics.filter(unchanging).map((s) => `${s.title.toLowerCase()} ${formatMeasure(s.reference.min)}`).join(', ')}.</p>` : null}
<div class="charts">${charts}</div>`;
}

async function modelSection(report: DriftReport, chart: (spec: TopLevelSpec) => Promise<SafeHtml>, thumbnails: ReadonlyMap<string, string>): Promise<SafeHtml> {
  const m = report.model!;
  const parts: SafeHtml[] = [html`<p class="small muted">Model <code class="break">${m.path}</code>, input ${m.preprocess.width}×${m.preprocess.height} (${m.preprocess.resize}).</p>`];
  if (m.outputs) {
    const o = m.outputs;
    parts.push(html`<div class="table-wrap"><table><thead><tr><th>Output ${o.output}</th><th class="num">PSI</th><th class="num">KS</th><th class="num">p-value</th><th class="num">median ref.</th><th class="num">median field</th></tr></thead><tbody>
<tr><td>Predicted class (${o.classes} classes, ${o.predictedClass.psiBins} PSI bin${o.predictedClass.psiBins === 1 ? '' : 's'})</td><td class="num">${formatMeasure(o.predictedClass.psi)}</td><td class="num">—</td><td class="num">—</td><td class="num">—</td><td class="num">—</td></tr>
<tr><td>Top-1 confidence</td>${shiftCells(o.confidence)}</tr>
<tr><td>Entropy (nats)</td>${shiftCells(o.entropy)}</tr></tbody></table></div>`);
    parts.push(html`<div class="charts">${await chart(classHistogramSpec(o.predictedClass))}${await chart(overlaidHistogramSpec(o.confidence.histogram, { title: 'Top-1 confidence' }))}${await chart(overlaidHistogramSpec(o.entropy.histogram, { title: 'Entropy' }))}</div>`);
  } else if (m.outputsNote) parts.push(html`<p class="muted">${m.outputsNote}</p>`);
  if (m.features) {
    const f = m.features;
    parts.push(html`<div class="cards"><div class="card"><div class="label">Feature MMD²</div><div class="value">${formatMeasure(f.mmd2)}</div><div class="detail">RBF, σ = ${formatMeasure(f.bandwidth)} (median heuristic)</div></div>
<div class="card"><div class="label">Permutation p-value</div><div class="value">${formatMeasure(f.pValue)}</div><div class="detail">${f.permutations} permutations, seed ${f.sample.seed}</div></div>
<div class="card"><div class="label">Features</div><div class="value">${f.dims}</div><div class="detail">${f.how}; ${f.sample.reference} + ${f.sample.field} vectors (reservoir of ${f.sample.capacity})</div></div></div>`);
  } else if (m.featuresNote) parts.push(html`<p class="muted">${m.featuresNote}</p>`);
  if (m.candidate) {
    parts.push(html`<p>Candidate <code class="break">${m.candidate.path}</code> agrees with the model's top-1 on ${formatPercent(m.candidate.agreement.field, 1)} of the field images and ${formatPercent(m.candidate.agreement.reference, 1)} of the reference images.</p>`);
  }
  if (m.leastLike.length > 0) {
    parts.push(html`<h3>Field images least like the reference</h3><p class="small muted">Mean feature distance to the ${5} nearest reference images; a typical reference image scores ${formatMeasure(m.referenceScore)}.</p>
<div class="gallery">${m.leastLike.map((e) => {
      const uri = thumbnails.get(e.path);
      return html`<figure class="shot">${uri ? html`<img src="${uri}" alt="${e.path}">` : null}<figcaption><code class="break">${e.path}</code><br><span class="small muted">score ${formatMeasure(e.score)}</span></figcaption></figure>`;
    })}</div>`);
  }
  return html`${parts}`;
}

function resemblanceSection(report: DriftReport): SafeHtml {
  const r = report.resemblance!;
  const link = report.robustnessRun;
  const rows = report.resembles.slice(0, RESEMBLANCE_ROWS).map(
    (e) => html`<tr><td>${perturbationTitle(e.name)}</td><td class="num">${e.severity}</td><td class="num">${formatMeasure(e.distance)}</td><td>${e.closerThanClean ? 'yes' : 'no'}</td>${link ? html`<td class="num">${formatPercent(e.agreement, 1)}</td>` : null}</tr>`,
  );
  return html`<p class="small muted">${r.sample} reference images put through ${r.perturbations} perturbation × severity pairs; distance = mean KS statistic over ${r.statistics.join(', ')}. The unperturbed sample's distance to the field is ${formatMeasure(r.cleanDistance)}.</p>
${link ? html`<p class="small">Robustness run <code class="break">${link.runDir}</code>: ${link.note}</p>` : html`<p class="small muted">No robustness run was linked (--run): the candidate's agreement at these perturbations is not shown.</p>`}
<div class="table-wrap"><table><thead><tr><th>Perturbation</th><th class="num">Severity</th><th class="num">Distance</th><th>Closer than clean</th>${link ? html`<th class="num">Candidate agreement</th>` : null}</tr></thead><tbody>${rows}</tbody></table></div>`;
}

function foldersSection(report: DriftReport): SafeHtml {
  const list = (title: string, skipped: DriftReport['reference']['skipped']): SafeHtml | null =>
    skipped.length === 0 ? null : html`<h3>${title}: ${skipped.length} skipped</h3><ul>${skipped.slice(0, 50).map((s) => html`<li><code class="break">${s.path}</code>: ${s.reason}</li>`)}</ul>`;
  return html`<p>Reference: <code class="break">${report.reference.folder}</code>, ${report.reference.images} images. Field: <code class="break">${report.field.folder}</code>, ${report.field.images} images.</p>${list('Reference', report.reference.skipped)}${list('Field', report.field.skipped)}`;
}
