/** The self-contained HTML view of a parity report, and headless chart rendering for it. */
export { renderHtmlReport, REPORT_SECTIONS } from './render-html-report.js';
export { renderChartSvg, prefixSvgIds, type RenderChartOptions } from './render-chart.js';
export { perturbedThumbnailKey, thumbnailOf, type ReportAssets } from './assets.js';
export { escapeHtml, html, SafeHtml, trusted } from './html.js';
export type { ReportContext, RenderedSection, SectionRenderer } from './report-context.js';
