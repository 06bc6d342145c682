/**
 * Serving load: `concurrency` clients keep one request each in flight against one session of the model, as the
 * requests of a serving process would arrive (closed loop: a client sends its next request when the previous one
 * is answered), each request one preprocessed image, round robin.
 */
import type { ServeLoadLevel } from '../../../shared/contract/jobs/bench.js';
import type { TensorInput } from '../infer/model-session.js';
import type { BenchSession } from './bench-session.js';
import { latencyStats } from './percentiles.js';

/** Runs one concurrency level for `durationMs`; requests in flight at the deadline are completed and counted. */
export async function serveLevel(
  session: BenchSession,
  inputName: string,
  feeds: readonly TensorInput[],
  concurrency: number,
  durationMs: number,
  signal: AbortSignal,
): Promise<ServeLoadLevel> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  const client = async (): Promise<void> => {
    while (performance.now() < deadline && !signal.aborted) {
      const feed = feeds[next++ % feeds.length]!;
      const sent = performance.now();
      await session.run(inputName, feed);
      latencies.push(performance.now() - sent);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  const elapsed = performance.now() - started;
  return {
    concurrency,
    requests: latencies.length,
    durationMs: elapsed,
    requestsPerSec: elapsed > 0 ? (latencies.length * 1000) / elapsed : 0,
    latencyMs: latencies.length > 0 ? latencyStats(latencies) : null,
  };
}

/**
 * The lowest concurrency after which requests/s never grows by `gain` (e.g. 0.05) or more at any higher level;
 * null when it still grows at the highest level tested, or with a single level.
 */
export function saturationLevel(levels: readonly ServeLoadLevel[], gain: number): number | null {
  const sorted = [...levels].sort((a, b) => a.concurrency - b.concurrency);
  for (let k = 0; k < sorted.length - 1; k++) {
    const best = Math.max(...sorted.slice(k + 1).map((l) => l.requestsPerSec));
    if (best < sorted[k]!.requestsPerSec * (1 + gain)) return sorted[k]!.concurrency;
  }
  return null;
}

const rps = (v: number): string => (v >= 100 ? v.toFixed(0) : v.toFixed(1));
const msText = (v: number | undefined): string => (v === undefined ? '—' : v >= 100 ? `${v.toFixed(0)} ms` : `${v.toFixed(1)} ms`);

/** One sentence on where throughput stops growing and what that costs in latency. */
export function saturationSummary(levels: readonly ServeLoadLevel[], saturatedAt: number | null, gain: number): string {
  const sorted = [...levels].sort((a, b) => a.concurrency - b.concurrency);
  const last = sorted[sorted.length - 1]!;
  if (sorted.length === 1) {
    return `${rps(last.requestsPerSec)} requests/s at concurrency ${last.concurrency} (p50 ${msText(last.latencyMs?.p50)}); give several levels to find saturation.`;
  }
  if (saturatedAt === null) {
    return `Requests/s still grows at concurrency ${last.concurrency} (${rps(last.requestsPerSec)}/s, p99 ${msText(last.latencyMs?.p99)}): the CPU is not saturated at the levels tested.`;
  }
  const at = sorted.find((l) => l.concurrency === saturatedAt)!;
  const best = sorted.reduce((a, b) => (b.requestsPerSec > a.requestsPerSec ? b : a));
  return (
    `Throughput stops growing at concurrency ${saturatedAt} (${rps(at.requestsPerSec)} requests/s; no higher level adds ${Math.round(gain * 100)}% or more, best ${rps(best.requestsPerSec)}/s at ${best.concurrency}); ` +
    `beyond it requests only wait longer: p50 ${msText(at.latencyMs?.p50)} at ${saturatedAt} → ${msText(last.latencyMs?.p50)} at ${last.concurrency}, p99 ${msText(last.latencyMs?.p99)}.`
  );
}
