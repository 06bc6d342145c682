/** Charts of the clean comparison: disagreement distribution, confidence, accuracy per label, error quantiles. */
import {
  binDisagreement,
  classAccuracyRows,
  classAccuracySpec,
  confidenceRows,
  confidenceScatterSpec,
  disagreementHistogramSpec,
  disagreementRows,
  errorQuantileRows,
  errorQuantilesSpec,
} from '../../../../../shared/charts/index.js';
import { disagreementMeaning, kindCharts } from '../../../../../shared/report/output-kinds.js';
import { html, type SafeHtml } from '../html.js';
import { sectionHtml, type ReportContext, type RenderedSection } from '../report-context.js';

/** Chart section for the clean images. */
export async function renderCleanCharts(ctx: ReportContext): Promise<RenderedSection | null> {
  const { report } = ctx;
  if (report.perImage.length === 0) return null;
  const figures: SafeHtml[] = [];
  const kinds = report.outputs.map((o) => o.kind);
  const meaning = disagreementMeaning(kinds, report.options.threshold);
  const disagreement = disagreementRows(report);
  if (binDisagreement(disagreement).bins.length > 0) {
    figures.push(
      await ctx.chart(disagreementHistogramSpec(disagreement, { metricTitle: meaning, width: 460 }), {
        caption: `Disagreement per image (${meaning}); 0 means identical outputs.`,
      }),
    );
  }
  const confidence = kindCharts(kinds).has('confidence-scatter') ? confidenceRows(report) : [];
  if (confidence.length > 0) {
    figures.push(
      await ctx.chart(confidenceScatterSpec(confidence, { width: 300, height: 260 }), {
        caption: 'Each point is an image; on the dashed diagonal both models are equally confident.',
      }),
    );
  }
  const accuracy = classAccuracyRows(report);
  if (accuracy.rows.length > 0) {
    figures.push(await ctx.chart(classAccuracySpec(accuracy.rows, { subtitle: accuracy.note }), { caption: 'Accuracy of both models per ground-truth label; n is the number of images with that label.' }));
  }
  const errors = errorQuantileRows(report);
  if (errors.some((r) => r.value > 0)) {
    figures.push(
      await ctx.chart(errorQuantilesSpec(errors, { width: 320 }), {
        caption: 'Element-wise |candidate − reference| over all images, per output.',
      }),
    );
  }
  if (figures.length === 0) return null;
  return sectionHtml('charts', 'Charts', html`<div class="charts">${figures}</div>`);
}
