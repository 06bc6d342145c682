/**
 * Speed, memory and size of both models. Owned jointly with the benchmark area: extend this as
 * PerformanceSectionSchema grows (latency samples → latencyDistributionSpec from shared/charts).
 */
import { html } from '../html.js';
import { sectionHtml, type ReportContext, type RenderedSection } from '../report-context.js';

/** Performance section, or null when the report has none. */
export function renderPerformance(ctx: ReportContext): RenderedSection | null {
  const perf = ctx.report.performance;
  if (!perf) return null;
  return sectionHtml('performance', 'Performance', html`<div class="panel"><p class="headline">${perf.headline}</p></div>`);
}
