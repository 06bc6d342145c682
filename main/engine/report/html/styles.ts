/**
 * The report's only stylesheet, inlined, on the design tokens the app uses too (shared/design/tokens.ts). Light
 * and dark follow prefers-color-scheme on screen; print always uses the light palette, breaks pages between major
 * sections and never splits a table row or a card. Chart SVGs are drawn with the light ink; the .chart rules repaint their axes and legends from the same
 * variables so charts follow the theme too.
 */
import { designTokensCss } from '../../../../shared/design/tokens.js';

export const REPORT_CSS = `
${designTokensCss()}
* { box-sizing: border-box; }
html { background: var(--bg); }
body {
  margin: 0; color: var(--text); background: var(--bg);
  font: 14px/1.5 var(--font);
  -webkit-font-smoothing: antialiased;
}
main { max-width: 1180px; margin: 0 auto; padding: 28px 28px 48px; }
h1, h2, h3 { line-height: 1.25; margin: 0; }
h1 { font-size: 24px; font-weight: 700; letter-spacing: -0.01em; }
h2 { font-size: 18px; font-weight: 650; margin-bottom: 12px; }
h3 { font-size: 14px; font-weight: 650; margin-bottom: 8px; }
p { margin: 0 0 8px; }
a { color: var(--accent); }
code, .mono { font-family: var(--mono); font-size: 12.5px; }
.muted { color: var(--text-2); }
.small { font-size: 12px; }
.nowrap { white-space: nowrap; }
.break { overflow-wrap: anywhere; }

.report-header { display: flex; justify-content: space-between; gap: 24px; align-items: flex-start; margin-bottom: 16px; }
.report-header .subtitle { color: var(--text-2); margin-top: 4px; }
.report-header .meta { text-align: right; color: var(--text-2); font-size: 12px; white-space: nowrap; }
.brand { font-size: 12px; font-weight: 700; letter-spacing: 0.12em; text-transform: uppercase; color: var(--accent); margin-bottom: 4px; }

.verdict { border-radius: 10px; padding: 16px 20px; margin-bottom: 20px; border: 1px solid var(--border); background: var(--surface); display: grid; grid-template-columns: auto 1fr; gap: 6px 18px; align-items: start; }
.verdict .badge-lg { grid-row: span 2; font-weight: 800; letter-spacing: 0.08em; font-size: 15px; padding: 8px 14px; border-radius: 8px; text-transform: uppercase; white-space: nowrap; }
.verdict .headline { font-size: 16px; font-weight: 600; }
.verdict ul { margin: 4px 0 0; padding-left: 18px; }
.verdict li { margin: 2px 0; }
.verdict.pass { border-color: color-mix(in srgb, var(--good) 40%, var(--border)); background: var(--good-soft); }
.verdict.pass .badge-lg { background: var(--good); color: #fff; }
.verdict.fail { border-color: color-mix(in srgb, var(--bad) 40%, var(--border)); background: var(--bad-soft); }
.verdict.fail .badge-lg { background: var(--bad); color: #fff; }
.verdict.none { background: var(--accent-soft); }
.verdict.none .badge-lg { background: var(--text-2); color: var(--surface); }
.criterion.met::marker { content: "✓  "; color: var(--good); }
.criterion.unmet::marker { content: "✗  "; color: var(--bad); }
.warnings li::marker { content: "⚠  "; color: var(--warn); }

nav.toc { display: flex; flex-wrap: wrap; gap: 6px 14px; font-size: 12.5px; margin: 0 0 22px; padding: 10px 14px; border: 1px solid var(--border); border-radius: 8px; background: var(--surface); }
nav.toc a { text-decoration: none; }
nav.toc a:hover { text-decoration: underline; }

section.report-section { margin: 0 0 28px; }
.section-head { display: flex; align-items: baseline; justify-content: space-between; gap: 12px; border-bottom: 1px solid var(--border); margin-bottom: 14px; }
.section-head h2 { margin-bottom: 8px; }
.section-head .note { color: var(--text-2); font-size: 12px; }
.panel { background: var(--surface); border: 1px solid var(--border); border-radius: 10px; padding: 16px; }
.panel .headline { font-size: 15px; font-weight: 600; margin: 0; }

.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(148px, 1fr)); gap: 10px; }
.card { background: var(--surface); border: 1px solid var(--border); border-radius: 10px; padding: 12px 14px; break-inside: avoid; position: relative; }
.card .label { font-size: 11.5px; text-transform: uppercase; letter-spacing: 0.06em; color: var(--text-2); font-weight: 600; }
.card .value { font-size: 24px; font-weight: 700; margin-top: 2px; font-variant-numeric: tabular-nums; letter-spacing: -0.01em; }
.card .detail { font-size: 12px; color: var(--text-2); margin-top: 2px; font-variant-numeric: tabular-nums; }
.card.met { border-top: 3px solid var(--good); }
.card.unmet { border-top: 3px solid var(--bad); }
.card .gate { font-size: 11.5px; margin-top: 6px; font-weight: 600; }
.card.met .gate { color: var(--good); }
.card.unmet .gate { color: var(--bad); }

.models { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
.model { background: var(--surface); border: 1px solid var(--border); border-radius: 10px; padding: 14px 16px; break-inside: avoid; }
h3 .role-dot, h4 .role-dot { margin-right: 6px; vertical-align: 0; }
.model h3 { margin-bottom: 2px; }
.model .file { font-size: 13px; color: var(--text-2); margin-bottom: 10px; overflow-wrap: anywhere; }
.role-dot { display: inline-block; width: 10px; height: 10px; border-radius: 50%; flex: none; }
.role-dot.reference { background: var(--reference); }
.role-dot.candidate { background: var(--candidate); }
dl.kv { display: grid; grid-template-columns: max-content 1fr; gap: 3px 14px; margin: 0; font-size: 13px; }
dl.kv dt { color: var(--text-2); }
dl.kv dd { margin: 0; overflow-wrap: anywhere; }
.pills { display: flex; flex-wrap: wrap; gap: 4px; }
.pill { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 11.5px; background: var(--surface-2); border: 1px solid var(--border); }
.pill.strong { font-weight: 650; }
.env { margin-top: 12px; }

table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--border); vertical-align: top; }
th { font-size: 11.5px; text-transform: uppercase; letter-spacing: 0.05em; color: var(--text-2); font-weight: 650; background: var(--surface-2); }
td.num, th.num { text-align: right; }
td.num { white-space: nowrap; }
tr { break-inside: avoid; }
thead { display: table-header-group; }
.table-wrap { background: var(--surface); border: 1px solid var(--border); border-radius: 10px; overflow: auto; }
.table-wrap table tr:last-child td { border-bottom: none; }
.table-wrap.narrow { max-width: 640px; }
table.compact { font-size: 12px; }
table.compact th, table.compact td { padding: 3px 8px; }
table.compact td { white-space: nowrap; }
tfoot td, tfoot th { font-weight: 700; border-top: 2px solid var(--border); border-bottom: none; background: none; text-transform: none; letter-spacing: 0; font-size: inherit; color: var(--text); }
table.compact td.path { white-space: normal; overflow-wrap: anywhere; min-width: 12em; font-family: var(--mono); font-size: 11.5px; }
/* Class names (ImageNet's run to 30 characters) wrap inside their column instead of widening the table. */
table.compact td.cls { white-space: normal; overflow-wrap: anywhere; min-width: 7em; }
/* TensorFlow node names are long slash paths: fixed columns, names broken anywhere, rows stay a line or two. */
table.excluded-nodes { table-layout: fixed; }
table.excluded-nodes td.node { width: 62%; white-space: normal; overflow-wrap: anywhere; }
table.excluded-nodes td.node code { font-size: 11.5px; }
table.excluded-nodes td.reason { white-space: normal; }
table.compact td.read { white-space: pre-wrap; overflow-wrap: anywhere; }
table.compact td.read code { background: var(--surface-2, rgba(127,127,127,.12)); border-radius: 3px; padding: 0 2px; }
th[data-sort] { cursor: pointer; user-select: none; }
th[data-sort]:hover { color: var(--text); }
th[aria-sort="ascending"]::after { content: " ▲"; }
th[aria-sort="descending"]::after { content: " ▼"; }
tr.differs td { background: color-mix(in srgb, var(--disagree) 8%, transparent); }

.ok { color: var(--good); font-weight: 650; }
.bad { color: var(--bad); font-weight: 650; }
.tag { display: inline-block; font-size: 11px; font-weight: 650; padding: 0 5px; border-radius: 4px; border: 1px solid currentColor; white-space: nowrap; line-height: 16px; }
.tag.ok, .tag.bad { font-weight: 650; }

/* Charts keep their drawn size (text stays legible) and flow two or one to a row. */
.charts { display: flex; flex-wrap: wrap; gap: 12px; align-items: stretch; }
.chart { margin: 0; flex: 1 1 auto; background: var(--surface); border: 1px solid var(--border); border-radius: 10px; padding: 12px; break-inside: avoid; overflow-x: auto; }
.chart.wide { flex-basis: 100%; }
.chart svg { display: block; max-width: 100%; height: auto; }
.chart .role-axis-label text, .chart .role-legend-label text { fill: var(--text-2); }
.chart .role-axis-title text, .chart .role-legend-title text, .chart .role-title-text text, .chart .role-column-header text { fill: var(--text); }
.chart .role-title-subtitle text { fill: var(--text-2); }
.chart .role-axis-grid line { stroke: var(--grid); }
.chart .role-axis-domain line, .chart .role-axis-tick line { stroke: var(--axis); }
.chart .role-scope > .background, .chart .role-cell > .background { stroke: none; }
/* The caption wraps to the chart's width instead of widening the figure. */
.chart-caption { font-size: 12px; color: var(--text-2); margin: 6px 4px 0; width: 0; min-width: calc(100% - 8px); }

.gallery { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 12px; }
.shot { background: var(--surface); border: 1px solid var(--border); border-radius: 10px; padding: 12px; break-inside: avoid; display: grid; grid-template-columns: 1fr; gap: 8px; }
.shot.differs { border-left: 4px solid var(--disagree); }
.shot .thumb { background: var(--surface-2); border-radius: 6px; border: 1px solid var(--border); display: flex; align-items: center; justify-content: center; min-height: 72px; max-height: 160px; overflow: hidden; }
.shot .thumb img { max-width: 100%; max-height: 158px; display: block; image-rendering: auto; }
.shot .thumb svg.detections { width: 100%; max-height: 158px; display: block; }
svg.detections .box rect { fill: none; stroke-width: 2px; }
svg.detections .box text { paint-order: stroke; stroke: rgba(0, 0, 0, 0.6); stroke-width: 2px; font-family: var(--font); font-weight: 600; }
svg.detections .box.reference rect { stroke: var(--reference); }
svg.detections .box.reference text { fill: #fff; }
svg.detections .box.candidate rect { stroke: var(--candidate); }
svg.detections .box.candidate text { fill: #fff; }
svg.detections .box.unmatched rect { stroke-dasharray: 5 3; stroke-width: 2.5px; }
.box-legend .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; }
.box-legend .swatch.reference { background: var(--reference); }
.box-legend .swatch.candidate { background: var(--candidate); }
.shot .thumb.missing { color: var(--text-2); font-size: 12px; }
.shot .caption { display: flex; justify-content: space-between; gap: 8px; align-items: baseline; }
.shot .caption .path { font-family: var(--mono); font-size: 12px; overflow-wrap: anywhere; }
.shot .rank { font-size: 11px; font-weight: 700; color: var(--text-2); }
.topk-pair { display: grid; grid-template-columns: 1fr 1fr; gap: 10px; }
.topk h4 { margin: 0 0 4px; font-size: 12px; font-weight: 650; display: flex; flex-wrap: wrap; align-items: center; gap: 2px 6px; }
.topk h4 .role-dot { margin-right: 0; }
.topk ol { list-style: none; margin: 0; padding: 0; font-size: 12px; }
.topk li { display: grid; grid-template-columns: 1fr auto; gap: 2px 6px; align-items: center; margin-bottom: 3px; }
.topk li .name { overflow-wrap: anywhere; }
.topk li .name.truth { font-weight: 700; }
.topk li .prob { font-variant-numeric: tabular-nums; color: var(--text-2); }
.topk li .bar { grid-column: 1 / -1; height: 4px; border-radius: 2px; background: var(--surface-2); overflow: hidden; }
.topk li .bar span { display: block; height: 100%; }
.topk.reference .bar span { background: var(--reference); }
.topk.candidate .bar span { background: var(--candidate); }
.topk li:first-child .name { font-weight: 650; }

.strip { display: grid; gap: 6px; }
.strip .row { display: grid; grid-template-columns: 150px repeat(var(--cols), minmax(0, 1fr)); gap: 6px; align-items: center; }
.strip img { width: 100%; border-radius: 4px; border: 1px solid var(--border); display: block; }
.strip .head { font-size: 11px; color: var(--text-2); text-align: center; }

footer { margin-top: 32px; padding-top: 12px; border-top: 1px solid var(--border); color: var(--text-2); font-size: 12px; display: flex; flex-wrap: wrap; gap: 6px 18px; }

@page { size: A4; margin: 14mm 12mm; }
@media print {
  :root { --bg: #ffffff; --surface: #ffffff; }
  html, body { background: #ffffff; color: #000000; font-size: 11.5px; }
  main { max-width: none; padding: 0; }
  nav.toc, .no-print { display: none; }
  section.report-section.page { break-before: page; }
  .section-head, h2, h3 { break-after: avoid; }
  .card, .model, .chart, .shot, .panel, tr, .verdict { break-inside: avoid; }
  .table-wrap { overflow: visible; border-radius: 0; }
  /* All images on A4: every prediction column stays on the page; long paths and names wrap. */
  .table-wrap table.compact { font-size: 9.5px; }
  .table-wrap table.compact th, .table-wrap table.compact td { padding: 2px 4px; }
  .table-wrap table.compact th { letter-spacing: 0; font-size: 9px; }
  table.compact td.path { min-width: 0; font-size: 9px; }
  table.compact td.cls { min-width: 0; }
  .gallery { grid-template-columns: 1fr 1fr; }
  a { color: inherit; text-decoration: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
