/** Images that could not be compared, each with the reason. */
import { html } from '../html.js';
import { sectionHtml, type ReportContext, type RenderedSection } from '../report-context.js';

/** Skipped images section; says so plainly when nothing was skipped. */
export function renderSkipped(ctx: ReportContext): RenderedSection {
  const skipped = ctx.report.images.skipped;
  const body =
    skipped.length === 0
      ? html`<p class="muted">No image was skipped.</p>`
      : html`<div class="table-wrap"><table class="compact">
<thead><tr><th>Image</th><th>Reason</th></tr></thead>
<tbody>${skipped.map((s) => html`<tr><td class="path">${s.path}</td><td style="white-space:normal">${s.reason}</td></tr>`)}</tbody>
</table></div>`;
  return sectionHtml('skipped', 'Skipped images', body, {
    note: skipped.length > 0 ? `${skipped.length} image${skipped.length === 1 ? '' : 's'} not compared` : undefined,
  });
}
