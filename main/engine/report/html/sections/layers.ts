/** A quantized candidate's layerwise error (report `layers`): SQNR along the graph and every compared tensor. */
import { layerSqnrSpec } from '../../../../../shared/charts/index.js';
import type { Layerwise } from '../../../../../shared/report/layers-section.js';
import { formatError } from '../../../../../shared/report/format.js';
import { html, type SafeHtml } from '../html.js';
import { sectionHtml, type ReportContext, type RenderedSection } from '../report-context.js';

const db = (v: number | null): string => (v === null ? '∞' : v.toFixed(1));

function table(l: Layerwise): SafeHtml {
  return html`<div class="table-wrap"><table class="compact" data-sortable>
<thead><tr><th class="num" data-sort="num">#</th><th data-sort="text">Tensor</th><th data-sort="text">Node (candidate)</th><th class="num" data-sort="num">SQNR dB</th><th class="num" data-sort="num" title="the node quantized alone, fed the reference's exact inputs">Alone dB</th><th class="num" data-sort="num">Cosine</th><th class="num" data-sort="num">max |Δ|</th><th data-sort="num" title="the candidate quantizes this tensor">Int8</th></tr></thead>
<tbody>${l.rows.map((r, i) => {
    return html`<tr${i === l.firstBelowFloor ? html` class="differs"` : null}><td class="num" data-v="${i + 1}">${i + 1}</td><td class="path" data-v="${r.tensor}">${r.tensor}</td><td data-v="${r.candidateNode}"><code>${r.candidateNode || r.node}</code> ${r.candidateOp}</td><td class="num" data-v="${r.sqnrDb ?? 1e9}">${db(r.sqnrDb)}</td><td class="num" data-v="${r.aloneSqnrDb ?? 1e9}">${r.aloneSqnrDb === null ? '—' : r.aloneSqnrDb.toFixed(1)}</td><td class="num" data-v="${r.cosine ?? ''}">${r.cosine === null ? '—' : r.cosine.toFixed(5)}</td><td class="num" data-v="${r.maxAbsDiff}">${formatError(r.maxAbsDiff)}</td><td data-v="${r.quantized ? 1 : 0}">${r.quantized ? '✓' : ''}</td></tr>`;
  })}</tbody></table></div>`;
}

/** Layerwise section, or null when the report has none. */
export async function renderLayers(ctx: ReportContext): Promise<RenderedSection | null> {
  const l = ctx.report.layers;
  if (!l) return null;
  const first = l.firstBelowFloor === null ? null : l.rows[l.firstBelowFloor]!;
  const sensitive = l.mostSensitive === null ? null : l.rows[l.mostSensitive]!;
  const finite = l.rows.some((r) => r.sqnrDb !== null);
  const body = html`<div class="panel">
  <p class="headline">${first === null ? `No tensor falls below ${l.floorDb} dB SQNR.` : `First below ${l.floorDb} dB: ${first.tensor}, written by ${first.candidateNode || first.node} (${first.candidateOp}), at ${db(first.sqnrDb)} dB (#${l.firstBelowFloor! + 1} of ${l.rows.length}).`}</p>
  ${sensitive === null ? null : html`<p class="small">Most sensitive on its own: <code>${sensitive.candidateNode || sensitive.node}</code> (${sensitive.candidateOp}), ${sensitive.aloneSqnrDb!.toFixed(1)} dB when it is the only node quantized; keep it in float with <code>--exclude-nodes ${sensitive.candidateNode || sensitive.node}</code>.</p>`}
  <ul class="small muted">${l.notes.map((note) => html`<li>${note}</li>`)}</ul>
</div>
${finite ? html`<div class="charts" style="margin-top:12px">${await ctx.chart(layerSqnrSpec(l), { wide: true, caption: 'SQNR of each tensor as the candidate computes it (error inherited from every node before it) and of its node quantized alone; the dashed line is the floor.' })}</div>` : null}
<details${l.rows.length <= 60 ? html` open` : null} style="margin-top:12px"><summary>All ${l.rows.length} tensors, in graph order</summary>${table(l)}</details>`;
  return sectionHtml('layers', 'Layerwise error', body, { note: `${l.rows.length} tensors matched by name on ${l.images} image(s)${l.unmatched > 0 ? `; ${l.unmatched} without a counterpart` : ''}` });
}
