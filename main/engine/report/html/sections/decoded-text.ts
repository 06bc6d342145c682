/** What a text recogniser read: the images on which the two models' decoded text differs, both strings side by side. */
import { textDifferenceRows } from '../../../../../shared/charts/index.js';
import { formatCount, formatReadText } from '../../../../../shared/report/format.js';
import { formatMetric } from '../../../../../shared/report/metric-meaning.js';
import { html, type SafeHtml } from '../html.js';
import { sectionHtml, type ReportContext, type RenderedSection } from '../report-context.js';

/** Rows shown; the CSV has every image. */
const MAX_ROWS = 100;

/** Text with its spaces visible at either end (a recogniser's leading or trailing space is a difference too). */
function textCell(text: string | null): SafeHtml {
  if (text === null) return html`<td class="muted">—</td>`;
  return html`<td class="read"><code>${formatReadText(text)}</code></td>`;
}

/** The decoded-text section of a run with a sequence output; null otherwise. */
export function renderDecodedText(ctx: ReportContext): RenderedSection | null {
  const { report } = ctx;
  if (report.summary.clean.sequenceExactMatch === null) return null;
  const rows = textDifferenceRows(report);
  const charset = report.options.charset ?? null;
  const noCharset = charset === null ? html`<p class="muted small">No charset was given (<code>--charset</code>), so the models' symbols were compared by class index; pass the charset the model was trained with to see the text.</p>` : null;
  if (rows.length === 0) {
    return sectionHtml('text', 'Decoded text', html`${noCharset}<p class="panel">Both models read the same text on every image (CTC greedy decoding).</p>`);
  }
  const shown = rows.slice(0, MAX_ROWS);
  const body = html`${noCharset}<div class="table-wrap"><table class="compact text-diff">
<thead><tr><th data-sort="text">Image</th><th>Reference reads</th><th>Candidate reads</th><th class="num">CER</th><th class="num">Edits</th></tr></thead>
<tbody>${shown.map(
    (r) => html`<tr><td class="path">${r.path}</td>${textCell(r.referenceText)}${textCell(r.candidateText)}<td class="num">${formatMetric('characterErrorRate', r.characterErrorRate)}</td><td class="num">${formatCount(r.editDistance)}</td></tr>`,
  )}</tbody>
</table></div>`;
  return sectionHtml('text', 'Decoded text', body, {
    note: `${formatCount(rows.length)} of ${formatCount(report.perImage.length)} images read differently${rows.length > shown.length ? `; the ${MAX_ROWS} with the highest CER shown (all in the CSV)` : ''}`,
  });
}
