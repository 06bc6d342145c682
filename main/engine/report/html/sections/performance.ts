/**
 * Speed, memory and size of both models, measured by the benchmark on the compared images: the headline, a
 * side-by-side table, the latency distribution, and how each figure was measured (so a reader can judge it).
 */
import { latencyDistributionSpec, type LatencyRow } from '../../../../../shared/charts/index.js';
import type { BenchComparison, BenchmarkResult, ModelBench } from '../../../../../shared/report/performance-section.js';
import { formatBytes, formatCount, formatMillis, formatRate, formatRatio } from '../../../../../shared/report/format.js';
import { html, type SafeHtml } from '../html.js';
import { sectionHtml, type ReportContext, type RenderedSection } from '../report-context.js';

interface Row {
  label: string;
  cell: (m: ModelBench) => string;
  /** candidate ÷ reference of the figure, shown as a ratio column; null leaves it empty. */
  ratio?: (ref: ModelBench, cand: ModelBench) => number | null;
  /** Whether a lower value is better (colours a ratio below 1 as good). */
  lowerIsBetter?: boolean;
  /** A timed figure: left uncoloured when the comparison found no measurable speed difference. */
  speed?: boolean;
}

const ratioOf = (a: number | null, b: number | null): number | null => (a !== null && b !== null && a > 0 ? b / a : null);

const ROWS: readonly Row[] = [
  { label: 'File size', cell: (m) => formatBytes(m.sizeBytes), ratio: (r, c) => ratioOf(r.sizeBytes, c.sizeBytes), lowerIsBetter: true },
  { label: 'Parameters', cell: (m) => (m.parameterCount === null ? '—' : formatCount(m.parameterCount)) },
  { label: 'GFLOP per inference', cell: (m) => (m.gflops === null ? 'unknown' : m.gflops.toPrecision(3)) },
  { label: 'Session creation', cell: (m) => formatMillis(m.sessionCreateMs), ratio: (r, c) => ratioOf(r.sessionCreateMs, c.sessionCreateMs), lowerIsBetter: true },
  { label: 'First inference', cell: (m) => formatMillis(m.firstInferenceMs), ratio: (r, c) => ratioOf(r.firstInferenceMs, c.firstInferenceMs), lowerIsBetter: true },
  { label: 'Latency p50', speed: true, cell: (m) => formatMillis(m.latencyMs.p50), ratio: (r, c) => ratioOf(r.latencyMs.p50, c.latencyMs.p50), lowerIsBetter: true },
  { label: 'Latency p90', speed: true, cell: (m) => formatMillis(m.latencyMs.p90), ratio: (r, c) => ratioOf(r.latencyMs.p90, c.latencyMs.p90), lowerIsBetter: true },
  { label: 'Latency p99', speed: true, cell: (m) => formatMillis(m.latencyMs.p99), ratio: (r, c) => ratioOf(r.latencyMs.p99, c.latencyMs.p99), lowerIsBetter: true },
  { label: 'Latency min / max', cell: (m) => `${formatMillis(m.latencyMs.min)} / ${formatMillis(m.latencyMs.max)}` },
  { label: 'Latency mean', speed: true, cell: (m) => formatMillis(m.latencyMs.mean), ratio: (r, c) => ratioOf(r.latencyMs.mean, c.latencyMs.mean), lowerIsBetter: true },
  { label: 'Throughput', speed: true, cell: (m) => `${formatRate(m.inferencesPerSec)} /s`, ratio: (r, c) => ratioOf(r.inferencesPerSec, c.inferencesPerSec) },
  {
    label: 'Achieved compute',
    cell: (m) =>
      m.gflopsPerSec === null ? '—' : `${m.gflopsPerSec.toFixed(1)} GFLOP/s${m.peakShare === null ? '' : ` (${(m.peakShare * 100).toFixed(1)}% of peak)`}`,
  },
  { label: 'Peak RSS (engine)', cell: (m) => formatBytes(m.peakRssBytes) },
  { label: 'Memory added by the model', cell: (m) => formatBytes(m.rssIncreaseBytes), ratio: (r, c) => ratioOf(r.rssIncreaseBytes, c.rssIncreaseBytes), lowerIsBetter: true },
];

function ratioCell(row: Row, ref: ModelBench, cand: ModelBench, withinNoise: boolean): SafeHtml {
  const value = row.ratio?.(ref, cand) ?? null;
  if (value === null) return html`<td class="num muted">—</td>`;
  const better = row.lowerIsBetter ? value < 1 : value > 1;
  const neutral = Math.abs(value - 1) < 0.005 || (row.speed === true && withinNoise);
  return html`<td class="num${neutral ? '' : better ? ' ok' : ' bad'}">${formatRatio(value)}</td>`;
}

function comparisonTable(ref: ModelBench, cand: ModelBench, withinNoise: boolean): SafeHtml {
  return html`<div class="table-wrap"><table class="performance">
<thead><tr><th></th><th class="num"><span class="role-dot reference"></span> Reference</th><th class="num"><span class="role-dot candidate"></span> Candidate</th><th class="num">Candidate ÷ reference</th></tr></thead>
<tbody>${ROWS.map((row) => html`<tr><td>${row.label}</td><td class="num">${row.cell(ref)}</td><td class="num">${row.cell(cand)}</td>${ratioCell(row, ref, cand, withinNoise)}</tr>`)}</tbody>
</table></div>`;
}

function verdictLine(c: BenchComparison): string {
  const [lo, hi] = c.latencyRatio.ci95;
  const ci = `95% CI ${lo.toFixed(3)}–${hi.toFixed(3)}`;
  const noise = c.withinNoise ? 'the interval contains 1: no measurable speed difference' : 'the interval excludes 1: a measurable difference';
  return `Latency ratio (candidate ÷ reference, median of paired runs) ${c.latencyRatio.median.toFixed(3)}, ${ci}; ${noise}.`;
}

function methodNotes(b: BenchmarkResult): SafeHtml {
  const s = b.settings;
  return html`<dl class="kv method">
  <dt>Inputs</dt><dd>${b.inputs.note}</dd>
  <dt>Runs</dt><dd>${s.runs} timed runs per model after ${s.warmup} warm-up, intra-op threads ${s.threads.join(', ')}, batch ${s.batch.join(', ')}. ${b.method.order}</dd>
  <dt>Percentiles</dt><dd>${b.method.percentile}</dd>
  <dt>Interval</dt><dd>${b.method.bootstrap}</dd>
  <dt>Memory</dt><dd>${b.method.rss}</dd>
  <dt>Compute</dt><dd>${b.method.flops} Peak: ${b.machine.derivation}.</dd>
</dl>`;
}

/** Performance section, or null when the report has none. */
export async function renderPerformance(ctx: ReportContext): Promise<RenderedSection | null> {
  const perf = ctx.report.performance;
  if (!perf) return null;
  const bench = perf.benchmark;
  const [ref, cand] = bench.models;
  const comparison = bench.comparisons[0];
  const parts: SafeHtml[] = [
    html`<div class="panel"><p class="headline">${perf.headline}</p>${comparison ? html`<p class="small muted" style="margin:6px 0 0">${verdictLine(comparison)}</p>` : null}</div>`,
  ];
  if (ref && cand) {
    parts.push(html`<div style="margin-top:12px">${comparisonTable(ref, cand, comparison?.withinNoise ?? false)}</div>`);
    const rows: LatencyRow[] = [
      ...ref.latencySamplesMs.map((ms) => ({ model: 'reference', ms })),
      ...cand.latencySamplesMs.map((ms) => ({ model: 'candidate', ms })),
    ];
    parts.push(
      html`<div class="charts" style="margin-top:12px">${await ctx.chart(latencyDistributionSpec(rows, { subtitle: `${ref.latencyMs.runs} interleaved runs each, ${ref.threads} thread${ref.threads === 1 ? '' : 's'}, batch ${ref.batch}` }), {
        wide: true,
        caption: 'Boxes span the middle half of the timed runs with the median as a white line; whiskers reach 1.5 box lengths, dots are runs beyond. Latency ratios are coloured only when the interval excludes 1.',
      })}</div>`,
    );
  }
  parts.push(html`<div class="panel" style="margin-top:12px"><h3>How this was measured</h3>${methodNotes(bench)}</div>`);
  return sectionHtml('performance', 'Performance', html`${parts}`, {
    note: `measured on ${bench.machine.cpuModel}, ${bench.machine.logicalCores} core${bench.machine.logicalCores === 1 ? '' : 's'}`,
  });
}
