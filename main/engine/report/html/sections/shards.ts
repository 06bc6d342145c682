/**
 * Sharded runs: in a shard's report, which part of the images it covers; in a merged report, its shards side by
 * side — machine, images, time and performance, each measured on its own machine (shared/report/shards-section.ts).
 */
import { SHARD_ROWS, shardNoteSentence } from '../../../../../shared/report/shards-section.js';
import { html } from '../html.js';
import { sectionHtml, type ReportContext, type RenderedSection } from '../report-context.js';

/** First in a shard's report: that it covers part of the images only. */
export function renderShardNote(ctx: ReportContext): RenderedSection | null {
  const { report } = ctx;
  if (!report.shard) return null;
  return sectionHtml('shard', 'Shard', html`<p class="panel">${shardNoteSentence(report.shard, report.images.count)}</p>`, {
    note: `shard ${report.shard.index}/${report.shard.count}`,
  });
}

/** In a merged report: its shards side by side, with each machine's performance. */
export function renderShards(ctx: ReportContext): RenderedSection | null {
  const merged = ctx.report.shards;
  if (!merged) return null;
  const body = html`${merged.notes.map((n) => html`<p class="panel small">${n}</p>`)}
<div class="table-wrap" style="margin-top:12px"><table class="performance shards">
<thead><tr><th></th>${merged.shards.map((s) => html`<th class="num">Shard ${s.index}/${merged.count}</th>`)}</tr></thead>
<tbody>${SHARD_ROWS.map((row) => html`<tr><td>${row.label}</td>${merged.shards.map((s) => html`<td class="num">${row.cell(s)}</td>`)}</tr>`)}</tbody>
</table></div>`;
  return sectionHtml('shards', 'Shards and performance', body, { note: `merged from ${merged.count} shard${merged.count === 1 ? '' : 's'}` });
}
