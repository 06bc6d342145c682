/**
 * Chart definitions shared by the static HTML report (rendered to SVG in Node) and the app (rendered by vega
 * in the browser with vega-interpreter). Every function is pure and returns a Vega-Lite spec with inline data.
 */
export * from './theme.js';
export * from './chart-options.js';
export * from './disagreement-histogram.js';
export * from './confidence-scatter.js';
export * from './class-accuracy.js';
export * from './error-quantiles.js';
export * from './agreement-heatmap.js';
export * from './severity-curves.js';
export * from './latency-distribution.js';
export * from './report-rows.js';
export * from './flips.js';
export * from './reliability.js';
export * from './search-pareto.js';
export * from './layer-sqnr.js';
export * from './candidates.js';
