/** The serving pass as a terminal table: per level, each side's time to serve all images, images/s and latency. */
import type { ServingRun } from '../../../shared/report/serving-run.js';
import { formatDuration, formatMillis, formatRate, formatRatio } from '../../../shared/report/format.js';

/** The lines after "Serving:" — the headline, then one row per level and side, then each level's ratio. */
export function formatServingRun(run: ServingRun): string[] {
  const lines = [`Serving: ${run.headline}`, '  clients  side        all images   images/s   p50 latency   p99 latency   top-1 changed'];
  for (const [k, concurrency] of run.levels.entries()) {
    for (const side of run.sides) {
      const level = side.levels[k]!;
      lines.push(
        `  ${String(concurrency).padEnd(7)}  ${side.role.padEnd(10)}  ${formatDuration(level.wallMs).padStart(10)}   ${formatRate(level.imagesPerSec).padStart(8)}   ${formatMillis(level.latencyMs.p50).padStart(11)}   ${formatMillis(level.latencyMs.p99).padStart(11)}   ${level.top1Changed === null ? '—' : String(level.top1Changed)}`,
      );
    }
    const ratio = run.ratios.find((r) => r.concurrency === concurrency);
    if (ratio) {
      lines.push(`  ${''.padEnd(7)}  candidate ÷ reference: ${formatRatio(ratio.timeRatio)} the time (95% CI ${formatRatio(ratio.ci95[0])}–${formatRatio(ratio.ci95[1])}${ratio.withinNoise ? ', within noise' : ''})`);
    }
  }
  for (const side of run.sides) lines.push(`  ${side.role}: ${side.label}`);
  return lines;
}
