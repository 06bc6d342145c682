/**
 * Where the flips go: the class pairs (reference → candidate) that change most, as a chart and a table, and the
 * classes with the lowest agreement with their image counts and both models' accuracy.
 */
import { classAgreementRows, flipPairRows, flipPairsSpec } from '../../../../../shared/charts/index.js';
import { formatCount, formatPercent } from '../../../../../shared/report/format.js';
import { html } from '../html.js';
import { sectionHtml, type ReportContext, type RenderedSection } from '../report-context.js';

const CLASSES_SHOWN = 30;

/** Section, or null for models without a classification output. */
export async function renderFlipsByClass(ctx: ReportContext): Promise<RenderedSection | null> {
  const pairs = flipPairRows(ctx.report);
  const classes = classAgreementRows(ctx.report);
  if (classes.rows.length === 0) return null;
  const chart = pairs.flips > 0 ? await ctx.chart(flipPairsSpec(pairs.rows, { width: 360 }), { caption: 'Images whose top-1 changed from the reference\'s class to the candidate\'s, most frequent first.' }) : null;
  const pairTable = pairs.flips > 0
    ? html`<div class="table-wrap"><table class="compact flip-pairs"><thead><tr><th>Reference top-1</th><th>Candidate top-1</th><th class="num">Images</th><th class="num">Share</th></tr></thead><tbody>${pairs.rows.map(
        (r) => html`<tr><td class="cls">${r.reference}</td><td class="cls">${r.candidate}</td><td class="num">${formatCount(r.count)}</td><td class="num">${formatPercent(r.share, 1)}</td></tr>`,
      )}</tbody></table></div>`
    : html`<p class="panel">Both models give the same top-1 class on every clean image.</p>`;
  const shown = classes.rows.slice(0, CLASSES_SHOWN);
  const classTable = html`<h3 style="margin-top:16px">Agreement per ${classes.groupedBy === 'label' ? 'true class' : 'reference top-1 class'}</h3>
<p class="muted small">${shown.length < classes.rows.length ? `The ${shown.length} of ${formatCount(classes.rows.length)} classes with the lowest agreement` : `All ${formatCount(classes.rows.length)} classes`}; n is the number of images.</p>
<div class="table-wrap"><table class="compact" data-sortable><thead><tr><th data-sort="text">Class</th><th class="num" data-sort="num">n</th><th class="num" data-sort="num">Agreement</th><th class="num" data-sort="num">Flips</th><th class="num" data-sort="num">Reference accuracy</th><th class="num" data-sort="num">Candidate accuracy</th></tr></thead><tbody>${shown.map(
    (r) => html`<tr><td class="cls" data-v="${r.className}">${r.className}</td><td class="num" data-v="${r.n}">${formatCount(r.n)}</td><td class="num" data-v="${r.agreement}">${formatPercent(r.agreement, 1)}</td><td class="num" data-v="${r.flips}">${formatCount(r.flips)}</td><td class="num" data-v="${r.referenceAccuracy ?? ''}">${formatPercent(r.referenceAccuracy, 1)}</td><td class="num" data-v="${r.candidateAccuracy ?? ''}">${formatPercent(r.candidateAccuracy, 1)}</td></tr>`,
  )}</tbody></table></div>`;
  const note = pairs.flips > 0 ? `${formatCount(pairs.flips)} clean flips in ${formatCount(pairs.pairs)} class pairs` : 'no clean flips';
  return sectionHtml('flips', 'Where the flips go', html`${chart ? html`<div class="charts">${chart}</div>` : null}<div style="margin-top:12px">${pairTable}</div>${classTable}`, { note });
}
