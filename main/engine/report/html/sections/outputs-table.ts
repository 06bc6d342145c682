/** One row per model output: its kind, the tolerance it was judged by, and its error statistics. */
import type { OutputDescription } from '../../../../../shared/report/report.js';
import type { SummaryMetrics } from '../../../../../shared/report/metrics.js';
import { formatError, formatPercent } from '../../../../../shared/report/format.js';
import { formatMetric, shortLabel } from '../../../../../shared/report/metric-meaning.js';
import { outputKindInfo, valueOfSummary } from '../../../../../shared/report/output-kinds.js';
import { html, type SafeHtml } from '../html.js';
import { sectionHtml, type ReportContext, type RenderedSection } from '../report-context.js';

function kindText(output: OutputDescription): string {
  const parts: string[] = [outputKindInfo(output.kind).title];
  if (output.sources) parts.push(`from ${output.sources.join(', ')}`);
  if (output.classes !== undefined) parts.push(`${output.classes} classes`);
  if (output.logits) parts.push('logits → softmax');
  return parts.join(' · ');
}

/** The agreement figure of the output's kind (top-1 agreement, IoU); the allclose rate has its own column. */
function agreementCell(output: OutputDescription, m: SummaryMetrics | undefined): SafeHtml {
  const key = outputKindInfo(output.kind).agreement;
  const value = m && key !== 'allcloseRate' ? valueOfSummary(m, key) : null;
  if (value === null) return html`<td class="num">—</td>`;
  return html`<td class="num">${formatMetric(key, value)} <span class="muted small">${shortLabel(key)}</span></td>`;
}

/** Per-output table section. */
export function renderOutputsTable(ctx: ReportContext): RenderedSection | null {
  const { report } = ctx;
  if (report.outputs.length === 0) return null;
  const rows = report.outputs.map((o) => {
    const found = report.summary.perOutput.find((p) => p.output === o.name)?.metrics;
    // A derived output (detections) has no tensor of its own: its sources' rows carry the error statistics.
    const m = o.sources ? undefined : found;
    return html`<tr>
  <td><code class="break">${o.name}</code></td>
  <td>${kindText(o)}</td>
  <td class="nowrap">${o.sources ? '—' : html`${formatError(o.tolerance.atol)} / ${formatError(o.tolerance.rtol)}`}</td>
  ${agreementCell(o, found)}
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
