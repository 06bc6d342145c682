/** What every section renderer receives, and the shape of what it returns. */
import type { TopLevelSpec } from 'vega-lite';
import type { ParityReport } from '../../../../shared/report/report.js';
import type { ReportAssets } from './assets.js';
import { html, trusted, type SafeHtml } from './html.js';
import { renderChartSvg } from './render-chart.js';

export interface ReportContext {
  report: ParityReport;
  assets: ReportAssets;
  /** Class names from the labels file, or null. */
  classes: readonly string[] | null;
  /** Renders a chart to an inline SVG figure with page-unique ids. */
  chart(spec: TopLevelSpec, options?: { wide?: boolean; caption?: string }): Promise<SafeHtml>;
  /** Warnings vega-lite or vega raised while rendering the charts. */
  readonly chartWarnings: string[];
}

/** A rendered section: its anchor id and title (for the contents) and its markup. */
export interface RenderedSection {
  id: string;
  title: string;
  html: SafeHtml;
}

/** A section renderer returns null when its part of the report is absent, so the section is left out. */
export type SectionRenderer = (ctx: ReportContext) => Promise<RenderedSection | null> | RenderedSection | null;

/** Builds the context for one report. */
export function createReportContext(report: ParityReport, assets: ReportAssets): ReportContext {
  const chartWarnings: string[] = [];
  let next = 0;
  return {
    report,
    assets,
    classes: report.labels?.classes ?? null,
    chartWarnings,
    async chart(spec, options = {}) {
      const svg = await renderChartSvg(spec, { idPrefix: `chart${next++}-`, warnings: chartWarnings });
      // vega's SVG writer escapes every text and attribute it emits, so its output is trusted markup.
      return html`<figure class="chart${options.wide ? ' wide' : ''}" role="group">${trusted(svg)}${
        options.caption ? html`<figcaption class="chart-caption">${options.caption}</figcaption>` : null
      }</figure>`;
    },
  };
}

/** Wraps a section body with its heading; `page` starts it on a new printed page. */
export function sectionHtml(
  id: string,
  title: string,
  body: SafeHtml,
  options: { note?: string | SafeHtml; page?: boolean } = {},
): RenderedSection {
  const markup = html`<section class="report-section${options.page ? ' page' : ''}" id="${id}" aria-labelledby="${id}-title">
<div class="section-head"><h2 id="${id}-title">${title}</h2>${options.note ? html`<span class="note">${options.note}</span>` : null}</div>
${body}
</section>`;
  return { id, title, html: markup };
}
