/**
 * A candidate timed against the original on this machine: both sessions at ONNX Runtime level 'all' on the same
 * input, run in alternating order round after round (so a slow spell of a shared machine hits both), the latency
 * ratio taken per round and summarised by its median with a seeded bootstrap 95% interval, as `parity bench` does.
 */
import type { LatencyRatio } from '../../../../shared/report/search-section.js';
import { BenchSession } from '../../bench/bench-session.js';
import { bootstrapMedianInterval } from '../../bench/bootstrap.js';
import { pairedRatios } from '../../bench/comparisons.js';
import { median } from '../../bench/percentiles.js';
import type { TensorInput } from '../../infer/model-session.js';
import type { JobContext } from '../../jobs/context.js';

export interface TimingSettings {
  threads: number;
  /** At least this many rounds, then more until `minTotalMs` has passed (at most `maxRounds`). */
  minRounds: number;
  minTotalMs: number;
  maxRounds: number;
}

export interface InterleavedTiming {
  ratio: LatencyRatio;
  originalMedianMs: number;
  candidateMedianMs: number;
}

/** Opens `candidate`, warms both up, and measures the paired latency ratio candidate ÷ original. */
export async function timeAgainstOriginal(original: BenchSession, candidate: string, inputName: string, input: TensorInput, settings: TimingSettings, ctx: JobContext): Promise<InterleavedTiming> {
  const session = await BenchSession.open(candidate, { threads: settings.threads, spinning: false });
  try {
    await original.run(inputName, input);
    await session.run(inputName, input);
    const originalMs: number[] = [];
    const candidateMs: number[] = [];
    const started = performance.now();
    for (let i = 0; i < settings.maxRounds && (i < settings.minRounds || performance.now() - started < settings.minTotalMs); i++) {
      ctx.throwIfCancelled();
      const order: Array<[BenchSession, number[]]> = i % 2 === 0 ? [[original, originalMs], [session, candidateMs]] : [[session, candidateMs], [original, originalMs]];
      for (const [s, times] of order) {
        const t0 = performance.now();
        await s.run(inputName, input);
        times.push(performance.now() - t0);
      }
    }
    const ratios = pairedRatios(originalMs, candidateMs);
    const interval = bootstrapMedianInterval(ratios, { resamples: 2000, seed: 1 });
    return {
      ratio: { median: interval.median, ci95: [interval.lo, interval.hi], rounds: ratios.length },
      originalMedianMs: median(originalMs),
      candidateMedianMs: median(candidateMs),
    };
  } finally {
    await session.release();
  }
}
