/** One row per model output: its kind, the tolerance it was judged by, and its error statistics. */
import type { OutputDescription } from '../../../../../shared/report/report.js';
import type { SummaryMetrics } from '../../../../../shared/report/metrics.js';
import { formatError, formatPercent } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { sectionHtml, type ReportContext, type RenderedSection } from '../report-context.js';

function kindText(output: OutputDescription): string {
  const parts: string[] = [output.kind];
  if (output.classes !== undefined) parts.push(`${output.classes} classes`);
  if (output.logits) parts.push('logits → softmax');
  return parts.join(' · ');
}

/** The agreement figure that fits the kind: top-1 agreement, IoU, or the allclose rate. */
function agreementCell(output: OutputDescription, m: SummaryMetrics | undefined): SafeHtml {
  if (!m) return html`<td class="num">—</td>`;
  if (output.kind === 'classification' && m.top1Agreement !== null) {
    return html`<td class="num">${formatPercent(m.top1Agreement)} <span class="muted small">top-1</span></td>`;
  }
  if (output.kind === 'dense' && m.iou !== null) return html`<td class="num">${formatPercent(m.iou)} <span class="muted small">IoU</span></td>`;
  return html`<td class="num">—</td>`;
}

/** Per-output table section. */
export function renderOutputsTable(ctx: ReportContext): RenderedSection | null {
  const { report } = ctx;
  if (report.outputs.length === 0) return null;
  const rows = report.outputs.map((o) => {
    const m = report.summary.perOutput.find((p) => p.output === o.name)?.metrics;
    return html`<tr>
  <td><code class="break">${o.name}</code></td>
  <td>${kindText(o)}</td>
  <td class="nowrap">${formatError(o.tolerance.atol)} / ${formatError(o.tolerance.rtol)}</td>
  ${agreementCell(o, m)}
  <td class="num">${m ? formatPercent(m.allcloseRate) : '—'}</td>
  <td class="num">${m ? formatError(m.meanAbsDiff) : '—'}</td>
  <td class="num">${m ? formatError(m.errorP50) : '—'}</td>
  <td class="num">${m ? formatError(m.errorP90) : '—'}</td>
  <td class="num">${m ? formatError(m.errorP99) : '—'}</td>
  <td class="num">${m ? formatError(m.errorP999) : '—'}</td>
  <td class="num">${m ? formatError(m.maxAbsDiff) : '—'}</td>
</tr>`;
  });
  const body = html`<div class="table-wrap"><table class="outputs">
<thead><tr><th>Output</th><th>Kind</th><th>atol / rtol</th><th class="num">Agreement</th><th class="num">Allclose</th><th class="num">mean |Δ|</th><th class="num">p50</th><th class="num">p90</th><th class="num">p99</th><th class="num">p99.9</th><th class="num">max |Δ|</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>`;
  return sectionHtml('outputs', 'Outputs', body, {
    page: true,
    note: 'an element fails only if |Δ| exceeds both atol and rtol·|reference|',
  });
}
