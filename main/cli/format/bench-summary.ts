/** What `parity bench` prints: per model speed, memory and size, then each candidate against the first model. */
import type { BenchResult, ServeLoadResult, ServingSummary } from '../../../shared/contract/jobs/bench.js';
import { sizePhrase, speedPhrase, type LatencyStats, type ModelBench } from '../../../shared/report/performance-section.js';
import { formatMillis, formatRate, formatRatio } from '../../../shared/report/format.js';
import { formatBytes, formatCount } from './units.js';

function latencyLine(l: LatencyStats): string {
  const ms = (v: number): string => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
  return `min ${ms(l.min)}  p50 ${ms(l.p50)}  p90 ${ms(l.p90)}  p95 ${ms(l.p95)}  p99 ${ms(l.p99)}  max ${ms(l.max)}  mean ${ms(l.mean)} ms`;
}

function modelBlock(model: ModelBench, peakKnown: boolean): string[] {
  const facts = [
    formatBytes(model.sizeBytes),
    model.parameterCount === null ? null : `${formatCount(model.parameterCount).trim()} parameters`,
    model.gflops === null ? 'FLOPs unknown' : `${model.gflops.toPrecision(3)} GFLOP per inference`,
  ].filter((v): v is string => v !== null);
  const lines = [model.label, `  size        ${facts.join(' · ')}`];
  lines.push(`  startup     session ${formatMillis(model.sessionCreateMs)} · first inference ${formatMillis(model.firstInferenceMs)}`);
  lines.push(`  latency     ${latencyLine(model.latencyMs)}  (${model.latencyMs.runs} runs, ${model.threads} thread${model.threads === 1 ? '' : 's'}, batch ${model.batch})`);
  const compute =
    model.gflopsPerSec === null
      ? ''
      : ` · ${model.gflopsPerSec.toFixed(1)} GFLOP/s${peakKnown && model.peakShare !== null ? ` = ${(model.peakShare * 100).toFixed(1)}% of peak` : ''}`;
  lines.push(`  throughput  ${formatRate(model.inferencesPerSec)} inferences/s${compute}`);
  if (model.throughput.length > 1) {
    const points = model.throughput.map((p) => `${p.threads}t×b${p.batch} ${formatRate(p.inferencesPerSec)}/s`);
    lines.push(`              ${points.join(' · ')}`);
  }
  lines.push(`  memory      peak RSS ${formatBytes(model.peakRssBytes)}, of which this model added ${formatBytes(model.rssIncreaseBytes)}`);
  return lines;
}

/** The terminal summary of a bench result. */
export function formatBenchSummary(result: BenchResult): string {
  const { machine, settings } = result;
  const lines: string[] = [];
  lines.push(`Inputs    ${result.inputs.note}`);
  lines.push(`Machine   ${machine.cpuModel} · ${machine.derivation}`);
  lines.push(
    `Runs      ${settings.runs} timed after ${settings.warmup} warm-up per model and configuration, models interleaved in one process; ` +
      `threads ${settings.threads.join(',')} · batch ${settings.batch.join(',')}`,
  );
  for (const model of result.models) {
    lines.push('');
    lines.push(...modelBlock(model, machine.gflopsPerSec !== null));
  }
  if (result.comparisons.length > 0) {
    lines.push('');
    const threads = result.comparisons[0]!.threads;
    lines.push(`Against ${result.models[0]!.label} (${threads} thread${threads === 1 ? '' : 's'}, batch ${result.comparisons[0]!.batch}):`);
    for (const c of result.comparisons) {
      const [lo, hi] = c.latencyRatio.ci95;
      lines.push(
        `  ${c.candidate}: ${speedPhrase(c)} (latency ratio ${c.latencyRatio.median.toFixed(3)}, 95% CI ${lo.toFixed(3)}–${hi.toFixed(3)}), ` +
          `throughput ${formatRatio(c.throughputRatio)}, ${sizePhrase(c.sizeRatio)}`,
      );
    }
  }
  if (result.json) lines.push('', `JSON: ${result.json}`);
  return lines.join('\n');
}

/** Seconds with a precision that suits them. */
function seconds(s: number | null): string {
  if (s === null) return '—';
  return s >= 100 ? `${s.toFixed(0)} s` : s >= 10 ? `${s.toFixed(1)} s` : `${s.toFixed(2)} s`;
}

function change(value: number | null, base: number | null): string {
  if (value === null || base === null || base === 0) return '';
  const pct = ((value - base) / base) * 100;
  return `${pct <= 0 ? '−' : '+'}${Math.abs(pct).toFixed(0)}%`;
}

/** The seed-style table: time to serve N images sequentially and with C clients, each model against the first. */
export function formatServingSummary(summary: ServingSummary): string[] {
  const width = Math.max(12, ...summary.rows.map((r) => r.label.length));
  const lines = [`Time to serve ${summary.images.toLocaleString('en-US')} images (from the measured requests/s):`];
  lines.push(`  ${''.padEnd(width)}  ${'sequentially'.padStart(14)}  ${`${summary.clients} parallel clients`.padStart(20)}`);
  const first = summary.rows[0]!;
  for (const [i, r] of summary.rows.entries()) {
    const seq = `${seconds(r.sequentialSec)}${i > 0 ? ` ${change(r.sequentialSec, first.sequentialSec)}` : ''}`;
    const par = `${seconds(r.parallelSec)}${i > 0 ? ` ${change(r.parallelSec, first.parallelSec)}` : ''}`;
    lines.push(`  ${r.label.padEnd(width)}  ${seq.padStart(14)}  ${par.padStart(20)}`);
  }
  return lines;
}

/** The terminal summary of a serving-load result. */
export function formatServeSummary(result: ServeLoadResult): string {
  const lines: string[] = [];
  lines.push(`Inputs    ${result.inputs.note}`);
  lines.push(`Machine   ${result.environment.cpuModel}, ${result.threads} cores`);
  lines.push(`Load      ${result.durationSec} s per concurrency level and model`);
  for (const model of result.models) {
    const pool = `${model.workers} worker${model.workers === 1 ? '' : 's'} × ${model.threadsPerWorker} thread${model.threadsPerWorker === 1 ? '' : 's'}`;
    const trials = model.poolTrials.map((t) => `${t.workers}×${t.threadsPerWorker} ${formatRate(t.requestsPerSec)}/s`).join(', ');
    lines.push('', `${model.label}: pool ${pool}${trials ? ` (chosen by a trial of each shape with every worker busy: ${trials})` : ' (as given)'}`);
    lines.push('  concurrency  requests/s   p50 latency   p90 latency   p99 latency   p50 queue   p99 queue   requests');
    for (const level of model.levels) {
      const l = level.latencyMs;
      const q = level.queueMs;
      const cell = (v: number | undefined, w: number): string => (v === undefined ? '—' : formatMillis(v)).padStart(w);
      lines.push(
        `  ${String(level.concurrency).padEnd(11)}  ${formatRate(level.requestsPerSec).padStart(10)}   ${cell(l?.p50, 11)}   ${cell(l?.p90, 11)}   ${cell(l?.p99, 11)}   ${cell(q?.p50, 9)}   ${cell(q?.p99, 9)}   ${String(level.requests).padStart(8)}`,
      );
    }
    lines.push(`  ${model.summary}`);
  }
  if (result.servingSummary) lines.push('', ...formatServingSummary(result.servingSummary));
  lines.push('', `Method: ${result.method}`);
  if (result.json) lines.push('', `JSON: ${result.json}`);
  return lines.join('\n');
}
