/** Every compared image in one compact table, most disagreeing first; sortable by any column when scripts run. */
import type { PerImageResult } from '../../../../../shared/report/report.js';
import { imageAllclose, imageMaxAbs } from '../../../../../shared/report/metrics.js';
import { classNameOf, sequenceOf, top1Agrees } from '../../../../../shared/charts/index.js';
import { formatError, formatPercent } from '../../../../../shared/report/format.js';
import { formatMetric } from '../../../../../shared/report/metric-meaning.js';
import { html, type SafeHtml } from '../html.js';
import { sectionHtml, type ReportContext, type RenderedSection } from '../report-context.js';
import { rankByDisagreement } from './gallery.js';

function top1Cell(row: PerImageResult, role: 'reference' | 'candidate', classes: readonly string[] | null): SafeHtml {
  const e = row[role].topK[0];
  if (!e) return html`<td data-v="">—</td>`;
  const name = classNameOf(e, classes);
  return html`<td class="cls" data-v="${name}">${name} <span class="muted">${formatPercent(e.prob, 1)}</span></td>`;
}

function correctCell(correct: boolean | null): SafeHtml {
  if (correct === null) return html`<td data-v="">—</td>`;
  return correct ? html`<td data-v="1" class="ok">✓</td>` : html`<td data-v="0" class="bad">✗</td>`;
}

/** Full per-image table section. */
export function renderPerImageTable(ctx: ReportContext): RenderedSection | null {
  const { report, classes } = ctx;
  if (report.perImage.length === 0) return null;
  const classification = report.perImage.some((r) => r.reference.topK.length > 0);
  const dense = report.outputs.find((o) => o.kind === 'dense');
  const sequences = report.outputs.some((o) => o.kind === 'sequence');
  const labelled = report.perImage.some((r) => r.label !== null);
  const rows = rankByDisagreement(report.perImage).map((row, i) => {
    const agrees = top1Agrees(row);
    const maxAbs = imageMaxAbs(row.outputs);
    const allclose = imageAllclose(row.outputs);
    const iou = dense ? row.outputs.find((o) => o.output === dense.name)?.dense?.iou ?? null : null;
    const cer = sequenceOf(row)?.characterErrorRate ?? null;
    return html`<tr${agrees === false || (cer ?? 0) > 0 ? html` class="differs"` : null}>
<td class="num" data-v="${i + 1}">${i + 1}</td><td class="path" data-v="${row.path}">${row.path}</td>${labelled ? html`<td class="cls" data-v="${row.label ?? ''}">${row.label ?? '—'}</td>` : null}${
      classification
        ? html`${top1Cell(row, 'reference', classes)}${top1Cell(row, 'candidate', classes)}<td data-v="${agrees ? 1 : 0}" class="${agrees ? 'ok' : 'bad'}">${agrees ? '=' : '≠'}</td>`
        : null
    }${sequences ? html`<td class="num" data-v="${cer ?? ''}">${formatMetric('characterErrorRate', cer)}</td>` : null}${dense ? html`<td class="num" data-v="${iou ?? ''}">${formatPercent(iou)}</td>` : null}<td class="num" data-v="${row.disagreement}">${formatError(row.disagreement)}</td><td class="num" data-v="${maxAbs}">${formatError(maxAbs)}</td><td data-v="${allclose ? 1 : 0}" class="${allclose ? 'ok' : 'bad'}">${allclose ? '✓' : '✗'}</td>${
      labelled ? html`${correctCell(row.referenceCorrect)}${correctCell(row.candidateCorrect)}` : null
    }</tr>`;
  });
  const head = html`<tr><th class="num" data-sort="num">#</th><th data-sort="text">Image</th>${labelled ? html`<th data-sort="text">Label</th>` : null}${
    classification ? html`<th data-sort="text">Reference top-1</th><th data-sort="text">Candidate top-1</th><th data-sort="num" title="top-1 agrees">Top-1</th>` : null
  }${sequences ? html`<th class="num" data-sort="num" title="character error rate of the decoded text">CER</th>` : null}${dense ? html`<th class="num" data-sort="num">IoU</th>` : null}<th class="num" data-sort="num">Disagreement</th><th class="num" data-sort="num">max |Δ|</th><th data-sort="num">Allclose</th>${
    labelled ? html`<th data-sort="num" title="reference top-1 matches the label">Ref ✓</th><th data-sort="num" title="candidate top-1 matches the label">Cand ✓</th>` : null
  }</tr>`;
  const body = html`<div class="table-wrap"><table class="compact" data-sortable>
<thead>${head}</thead>
<tbody>${rows}</tbody>
</table></div>`;
  return sectionHtml('images', 'All images', body, {
    page: true,
    note: `${report.perImage.length} images, most disagreeing first${classification ? '; rows with a different top-1 are tinted' : sequences ? '; rows whose text differs are tinted' : ''}`,
  });
}
