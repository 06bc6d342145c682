/**
 * The serving pass (`--concurrency 1,8`): each side's time to serve every image sequentially and with parallel
 * clients, throughput and latency percentiles side by side, and per level the candidate's time as a ratio of the
 * reference's with its interval — the experiment of TensorFlow Serving against OpenVINO Model Server, reproduced.
 */
import type { ServingRatio, ServingRun } from '../../../../../shared/report/serving-run.js';
import { formatDuration, formatMillis, formatRate, formatRatio } from '../../../../../shared/report/format.js';
import { html, type SafeHtml } from '../html.js';
import { sectionHtml, type ReportContext, type RenderedSection } from '../report-context.js';

/** The level's ratio over all its sides' rows; coloured only when the interval excludes 1. */
function ratioCell(ratio: ServingRatio | undefined, rows: number): SafeHtml {
  if (!ratio) return html`<td rowspan="${rows}" class="num muted">—</td>`;
  const tone = ratio.withinNoise ? '' : ratio.timeRatio < 1 ? ' ok' : ' bad';
  const ci = `95% CI ${formatRatio(ratio.ci95[0])}–${formatRatio(ratio.ci95[1])}${ratio.withinNoise ? ', within noise' : ''}`;
  return html`<td rowspan="${rows}" class="num${tone}">${formatRatio(ratio.timeRatio)}<br><span class="muted small">${ci}</span></td>`;
}

function servingTable(run: ServingRun): SafeHtml {
  const rows = run.levels.map((concurrency, k) => {
    const ratio = run.ratios.find((r) => r.concurrency === concurrency);
    return run.sides.map((side, s) => {
      const level = side.levels[k]!;
      return html`<tr>${s === 0 ? html`<td rowspan="${run.sides.length}">${concurrency}</td>` : null}<td><span class="role-dot ${side.role}"></span> ${side.role}</td>
<td class="num">${formatDuration(level.wallMs)}</td><td class="num">${formatRate(level.imagesPerSec)}</td><td class="num">${formatMillis(level.latencyMs.p50)}</td><td class="num">${formatMillis(level.latencyMs.p90)}</td><td class="num">${formatMillis(level.latencyMs.p99)}</td>
<td class="num">${level.top1Changed === null ? '—' : level.top1Changed}</td>${s === 0 ? ratioCell(ratio, run.sides.length) : null}</tr>`;
    });
  });
  return html`<div class="table-wrap"><table class="serving">
<thead><tr><th>Clients</th><th>Side</th><th class="num">All images</th><th class="num">Images/s</th><th class="num">p50 latency</th><th class="num">p90 latency</th><th class="num">p99 latency</th><th class="num">Top-1 changed</th><th class="num">Candidate ÷ reference time</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>`;
}

/** Serving section, or null when the comparison had no serving pass. */
export async function renderServing(ctx: ReportContext): Promise<RenderedSection | null> {
  const run = ctx.report.servingRun;
  if (!run) return null;
  const sides = html`<dl class="kv">${run.sides.map((side) => html`<dt><span class="role-dot ${side.role}"></span> ${side.role}</dt><dd>${side.label}</dd>`)}</dl>`;
  const body = html`<div class="panel"><p class="headline">${run.headline}</p></div>
<div style="margin-top:12px">${servingTable(run)}</div>
<div class="panel" style="margin-top:12px"><h3>How this was measured</h3>${sides}<p class="small muted">${run.method}</p></div>`;
  return sectionHtml('serving', 'Serving', body, { note: `${run.images} images, ${run.rounds} rounds of ${run.roundSize}` });
}
