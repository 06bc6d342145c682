/** Confidence of both models on labelled images: reliability diagram and expected calibration error (ECE). */
import { reliabilityOf, reliabilitySpec } from '../../../../../shared/charts/index.js';
import { formatCount } from '../../../../../shared/report/format.js';
import { html } from '../html.js';
import { sectionHtml, type ReportContext, type RenderedSection } from '../report-context.js';

/** Section, or null without labelled images and class scores. */
export async function renderConfidence(ctx: ReportContext): Promise<RenderedSection | null> {
  const reliability = reliabilityOf(ctx.report);
  if (!reliability) return null;
  const chart = await ctx.chart(reliabilitySpec(reliability, { width: 300, height: 260 }), {
    caption: 'Accuracy against mean top-1 probability in 10 equal-width bins (dot size: images); on the dashed diagonal a model is exactly as often right as it is confident.',
  });
  const body = html`<div class="cards"><div class="card"><div class="label">ECE reference</div><div class="value">${reliability.ece.reference.toFixed(3)}</div></div><div class="card"><div class="label">ECE candidate</div><div class="value">${reliability.ece.candidate.toFixed(3)}</div><div class="detail">${reliability.ece.candidate <= reliability.ece.reference ? 'as well or better calibrated' : 'less well calibrated'} than the reference</div></div><div class="card"><div class="label">Labelled images</div><div class="value">${formatCount(reliability.images)}</div></div></div>
<p class="muted small" style="margin-top:8px">Expected calibration error: Σ over bins of (images in bin ÷ all images) × |accuracy − mean confidence|; 0 means the top-1 probability is exactly how often the model is right.</p>
<div class="charts">${chart}</div>`;
  return sectionHtml('confidence', 'Confidence', body, { note: `${formatCount(reliability.images)} labelled images` });
}
