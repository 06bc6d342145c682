/** The search that chose a candidate (its manifest's `search`): the speed × metric chart, every candidate, the verdict. */
import { searchParetoSpec } from '../../../../../shared/charts/index.js';
import type { SearchSection } from '../../../../../shared/report/search-section.js';
import { html, type SafeHtml } from '../html.js';
import type { ReportContext } from '../report-context.js';

const n = (v: number | null | undefined, digits = 4): string => (v === null || v === undefined ? '—' : String(Number(v.toPrecision(digits))));

function candidateRows(s: SearchSection): SafeHtml {
  const metric = s.target[0]!.metric;
  return html`<div class="table-wrap"><table class="compact" data-sortable>
<thead><tr><th data-sort="text">Candidate</th><th data-sort="text">Settings</th><th class="num" data-sort="num">${metric}</th><th data-sort="num">Meets</th><th class="num" data-sort="num">Latency ÷ original</th><th class="num" data-sort="num">95% CI</th><th class="num" data-sort="num">Size ÷ original</th><th class="num" data-sort="num">In float</th></tr></thead>
<tbody>${s.candidates.map((c) => {
    const role = c.id === s.chosen ? ' (chosen)' : c.id === s.recommendation?.candidate ? ' (recommended)' : '';
    const r = c.latencyRatio;
    return html`<tr><td data-v="${c.id}"><strong>${c.id}</strong>${role}</td><td data-v="${c.label}">${c.label}${c.failed ? html`<br><span class="bad small">failed: ${c.failed}</span>` : null}</td><td class="num" data-v="${c.metric ?? ''}">${n(c.metric)}</td><td data-v="${c.meetsTarget ? 1 : 0}" class="${c.meetsTarget ? 'ok' : 'bad'}">${c.meetsTarget ? '✓' : '✗'}</td><td class="num" data-v="${r?.median ?? ''}">${r ? r.median.toFixed(3) : '—'}</td><td class="num" data-v="${r?.ci95[1] ?? ''}">${r ? `${r.ci95[0].toFixed(3)}–${r.ci95[1].toFixed(3)}` : '—'}</td><td class="num" data-v="${c.sizeRatio ?? ''}">${c.sizeRatio === null ? '—' : c.sizeRatio.toFixed(3)}</td><td class="num" data-v="${c.excluded.length}" title="${c.excluded.join(', ')}">${c.excluded.length}</td></tr>`;
  })}</tbody></table></div>`;
}

/** The search panel of the conversion section. */
export async function searchPanel(ctx: ReportContext, s: SearchSection): Promise<SafeHtml> {
  const v = s.validation;
  const sensitive = s.sensitivity.filter((x) => x.aloneSqnrDb !== null).slice(0, 8);
  return html`<div class="panel" style="margin-bottom:12px" id="search">
  <h3>Search for ${s.targetText}${s.met ? html` <span class="tag ok">met</span>` : html` <span class="tag bad">not met</span>`}</h3>
  <ul class="small">${s.verdict.map((line) => html`<li>${line}</li>`)}</ul>
  <p class="small muted">${s.candidates.length} candidate(s) in ${Math.round(s.elapsedSeconds)} s of a ${s.budgetSeconds} s budget on ${s.cpu.model} (${s.cpu.threads} threads${s.cpu.int8DotProduct ? ', int8 dot products' : ', no int8 dot-product instruction'}); measured on ${v.images} ${v.heldOut ? 'calibration images held out of calibration' : 'validation images'} from <span class="mono">${v.dir}</span>${s.perturb ? `, and under ${s.perturb.names.join(', ')} at severity ${s.perturb.severity}` : ''}.</p>
  <div class="charts">${await ctx.chart(searchParetoSpec(s), { wide: true, caption: 'Each candidate at its median latency ratio (bar: 95% interval) and its target metric on the validation images; crosses miss the target. Left of the dashed line is faster than the original.' })}</div>
  ${candidateRows(s)}
  ${sensitive.length > 0 ? html`<p class="small">Most sensitive nodes (SQNR of each alone): ${sensitive.map((x, i) => html`${i > 0 ? ', ' : ''}<code>${x.node}</code> ${x.aloneSqnrDb!.toFixed(1)} dB`)}.</p>` : null}
</div>`;
}
