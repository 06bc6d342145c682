/** What `parity bench` prints: per model speed, memory and size, then each candidate against the first model. */
import type { BenchResult, ServeLoadResult } from '../../../shared/contract/jobs/bench.js';
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

/** The terminal summary of a serving-load result. */
export function formatServeSummary(result: ServeLoadResult): string {
  const lines: string[] = [];
  lines.push(`Inputs    ${result.inputs.note}`);
  lines.push(`Load      ${result.durationSec} s per concurrency level, one session per model, ${result.threads} intra-op thread${result.threads === 1 ? '' : 's'}`);
  for (const model of result.models) {
    lines.push('', model.label, '  concurrency  requests/s   p50 latency   p99 latency   requests');
    for (const level of model.levels) {
      const l = level.latencyMs;
      lines.push(
        `  ${String(level.concurrency).padEnd(11)}  ${formatRate(level.requestsPerSec).padStart(10)}   ${(l ? formatMillis(l.p50) : '—').padStart(11)}   ${(l ? formatMillis(l.p99) : '—').padStart(11)}   ${String(level.requests).padStart(8)}`,
      );
    }
    lines.push(`  ${model.summary}`);
  }
  lines.push('', `Method: ${result.method}`);
  if (result.json) lines.push('', `JSON: ${result.json}`);
  return lines.join('\n');
}
