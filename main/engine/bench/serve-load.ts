/**
 * Serving load: `concurrency` clients keep one request each in flight against a pool of worker threads serving the
 * model (closed loop: a client sends its next request when the previous one is answered), each request one
 * preprocessed image, round robin from the first, so every model and level gets the same sequence of requests.
 */
import type { PoolTrial, ServeLoadLevel, ServeLoadModel, ServingSummary } from '../../../shared/contract/jobs/bench.js';
import { latencyStats } from './percentiles.js';
import type { PoolShape, ServePool } from './serve-pool.js';

/** Runs one concurrency level for `durationMs`; requests in flight at the deadline are completed and counted. */
export async function serveLevel(pool: ServePool, inputCount: number, concurrency: number, durationMs: number, signal: AbortSignal): Promise<ServeLoadLevel> {
  const latencies: number[] = [];
  const queues: number[] = [];
  const services: number[] = [];
  let next = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  const client = async (): Promise<void> => {
    while (performance.now() < deadline && !signal.aborted) {
      const served = await pool.submit(next++ % inputCount);
      latencies.push(served.latencyMs);
      queues.push(served.queueMs);
      services.push(served.serviceMs);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  const elapsed = performance.now() - started;
  const stats = (v: number[]) => (v.length > 0 ? latencyStats(v) : null);
  return {
    concurrency,
    requests: latencies.length,
    durationMs: elapsed,
    requestsPerSec: elapsed > 0 ? (latencies.length * 1000) / elapsed : 0,
    latencyMs: stats(latencies),
    queueMs: stats(queues),
    serviceMs: stats(services),
  };
}

/** Pool shapes that use the cores: w workers × floor(cores / w) threads, for w = 1, 2, 4, … up to the cores. */
export function poolShapes(cores: number): PoolShape[] {
  const shapes: PoolShape[] = [];
  for (let w = 1; w <= cores; w *= 2) shapes.push({ workers: w, threadsPerWorker: Math.max(1, Math.floor(cores / w)) });
  if (shapes[shapes.length - 1]!.workers !== cores) shapes.push({ workers: cores, threadsPerWorker: 1 });
  return shapes;
}

/**
 * Tries each shape for `trialMs` with twice as many clients as workers (every worker busy, a request waiting) and
 * returns the trials, the most requests/s first.
 */
export async function choosePoolShape(
  start: (shape: PoolShape) => Promise<ServePool>,
  shapes: readonly PoolShape[],
  inputCount: number,
  trialMs: number,
  signal: AbortSignal,
): Promise<PoolTrial[]> {
  const trials: PoolTrial[] = [];
  for (const shape of shapes) {
    const pool = await start(shape);
    try {
      const concurrency = 2 * shape.workers;
      const level = await serveLevel(pool, inputCount, concurrency, trialMs, signal);
      trials.push({ ...shape, concurrency, requestsPerSec: level.requestsPerSec });
    } finally {
      await pool.close();
    }
  }
  return trials.sort((a, b) => b.requestsPerSec - a.requestsPerSec);
}

/** Time to serve `images` requests at concurrency 1 and at the first model's best level, per model. */
export function servingSummary(models: readonly Pick<ServeLoadModel, 'label' | 'levels'>[], images: number): ServingSummary | null {
  const first = models[0];
  if (!first || first.levels.length === 0) return null;
  const best = first.levels.reduce((a, b) => (b.requestsPerSec > a.requestsPerSec ? b : a));
  const seconds = (levels: readonly ServeLoadLevel[], c: number): number | null => {
    const level = levels.find((l) => l.concurrency === c);
    return level && level.requestsPerSec > 0 ? images / level.requestsPerSec : null;
  };
  return {
    images,
    clients: best.concurrency,
    rows: models.map((m) => ({ label: m.label, sequentialSec: seconds(m.levels, 1), parallelSec: seconds(m.levels, best.concurrency) })),
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
