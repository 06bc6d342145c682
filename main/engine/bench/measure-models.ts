/**
 * The benchmark itself, shared by `parity bench` and the compare report: each model loaded in turn (session
 * creation, first inference, warm-up, peak RSS), then all models interleaved on the same inputs for every thread
 * count and batch size, then statistics and comparisons against the first model.
 */
import type {
  BenchmarkResult,
  MachinePeak,
  ModelBench,
  ThroughputPoint,
} from '../../../shared/report/performance-section.js';
import type { JobContext } from '../jobs/context.js';
import type { TensorInput } from '../infer/model-session.js';
import { BenchSession } from './bench-session.js';
import { batchFeeds, type InputSet } from './bench-inputs.js';
import { compareBench } from './comparisons.js';
import { machinePeak } from './machine-peak.js';
import { benchMethod } from './method.js';
import { primeRuntime } from './prime-runtime.js';
import { modelFacts, type BenchModel, type ModelFacts } from './model-facts.js';
import { latencyStats } from './percentiles.js';
import { RssSampler, type RssWindow } from './rss-sampler.js';

export interface MeasureOptions {
  /** Intra-op thread counts; the first is the headline configuration's. */
  threads: number[];
  /** Batch sizes; the first is the headline configuration's. */
  batch: number[];
  runs: number;
  warmup: number;
  resamples: number;
  seed: number;
}

interface SoloFigures {
  session: BenchSession;
  firstInferenceMs: number;
  memory: RssWindow;
}

interface ConfigSamples {
  threads: number;
  batch: number;
  /** Per model, the timed runs in round order. */
  samples: Float64Array[];
}

/** Runs one model on one feed and returns the wall time of the call in milliseconds. */
async function timedRun(session: BenchSession, inputName: string, feed: TensorInput): Promise<number> {
  const started = performance.now();
  await session.run(inputName, feed);
  return performance.now() - started;
}

/** Counts finished runs for progress events and checks for cancellation between runs. */
class RunCounter {
  private done = 0;
  constructor(
    private readonly ctx: JobContext,
    private readonly total: number,
  ) {}

  tick(stage: string): void {
    this.done += 1;
    this.ctx.progress(stage, Math.min(this.done, this.total), this.total);
    this.ctx.throwIfCancelled();
  }
}

/**
 * Loads one model while the engine runs nothing else (the models before it stay loaded, idle): session creation,
 * first inference, warm-up at every batch size, and the peak RSS of that window. The session stays open for the
 * timed runs at the first thread count, so no model's memory is measured in memory another one freed.
 */
async function soloPhase(
  model: BenchModel,
  feeds: ReadonlyMap<number, TensorInput[]>,
  options: MeasureOptions,
  counter: RunCounter,
): Promise<SoloFigures> {
  const sampler = await RssSampler.start();
  let session: BenchSession | undefined;
  try {
    session = await BenchSession.open(model.path, { threads: options.threads[0]!, spinning: false });
    const stage = `loading ${model.label}`;
    const firstInferenceMs = await timedRun(session, model.input.name, feeds.get(options.batch[0]!)![0]!);
    counter.tick(stage);
    // Every batch size runs at least once, so the peak covers the largest batch's buffers.
    for (const batch of options.batch) {
      const list = feeds.get(batch)!;
      for (let i = 0; i < Math.max(1, options.warmup); i++) {
        await session.run(model.input.name, list[i % list.length]!);
        counter.tick(stage);
      }
    }
    return { session, firstInferenceMs, memory: await sampler.stop() };
  } catch (error) {
    await sampler.stop();
    await session?.release();
    throw error;
  }
}

/** The highest RSS read on the JS thread between rounds (no sampling thread competes with the timed runs). */
class RoundRss {
  peak = 0;
  read(): void {
    this.peak = Math.max(this.peak, process.memoryUsage.rss());
  }
}

/** Every model on the same feed in each round, the order rotating by one model per round. */
async function interleavedRounds(
  sessions: readonly BenchSession[],
  models: readonly BenchModel[],
  feeds: readonly TensorInput[],
  rounds: number,
  counter: RunCounter,
  stage: string,
  rss: RoundRss,
): Promise<Float64Array[]> {
  const samples = models.map(() => new Float64Array(rounds));
  for (let r = 0; r < rounds; r++) {
    const feed = feeds[r % feeds.length]!;
    for (let k = 0; k < models.length; k++) {
      const m = (r + k) % models.length;
      samples[m]![r] = await timedRun(sessions[m]!, models[m]!.input.name, feed);
      counter.tick(stage);
    }
    rss.read();
  }
  return samples;
}

/**
 * At each thread count (the first reusing the solo phase's sessions, the others with fresh ones), every batch size:
 * warm-up rounds, then timed rounds.
 */
async function interleavedPhase(
  models: readonly BenchModel[],
  firstSessions: readonly BenchSession[],
  feeds: ReadonlyMap<number, TensorInput[]>,
  options: MeasureOptions,
  counter: RunCounter,
  rss: RoundRss,
): Promise<ConfigSamples[]> {
  const configs: ConfigSamples[] = [];
  for (const [t, threads] of options.threads.entries()) {
    const sessions: BenchSession[] = t === 0 ? [...firstSessions] : [];
    try {
      if (t > 0) for (const model of models) sessions.push(await BenchSession.open(model.path, { threads, spinning: false }));
      for (const batch of options.batch) {
        const list = feeds.get(batch)!;
        const where = `${threads} thread${threads === 1 ? '' : 's'}, batch ${batch}`;
        await interleavedRounds(sessions, models, list, options.warmup, counter, `warming up (${where})`, rss);
        const samples = await interleavedRounds(sessions, models, list, options.runs, counter, `timing (${where})`, rss);
        configs.push({ threads, batch, samples });
      }
    } finally {
      if (t > 0) await Promise.all(sessions.map((s) => s.release()));
    }
  }
  return configs;
}

function throughputPoint(samples: Float64Array, threads: number, batch: number, gflops: number | null, machine: MachinePeak): ThroughputPoint {
  let totalMs = 0;
  for (const v of samples) totalMs += v;
  const inferencesPerSec = totalMs > 0 ? (batch * samples.length * 1000) / totalMs : 0;
  const gflopsPerSec = gflops === null ? null : gflops * inferencesPerSec;
  return {
    threads,
    batch,
    latencyMs: latencyStats(samples),
    inferencesPerSec,
    gflopsPerSec,
    peakShare: gflopsPerSec !== null && machine.gflopsPerSec ? gflopsPerSec / machine.gflopsPerSec : null,
  };
}

/**
 * Benchmarks models that take the same input tensor; the first one is the reference of every comparison. Sizes,
 * parameters and FLOPs are read last, so that their parsing and FLOPs probe do not sit in the measured memory.
 */
export async function measureModels(
  models: readonly BenchModel[],
  inputs: InputSet,
  options: MeasureOptions,
  ctx: JobContext,
): Promise<BenchmarkResult> {
  const machine = machinePeak();
  const feeds = new Map(options.batch.map((b) => [b, batchFeeds(inputs, b)] as const));
  const soloRuns = models.length * (1 + options.batch.length * Math.max(1, options.warmup));
  const interleavedRuns = options.threads.length * options.batch.length * models.length * (options.warmup + options.runs);
  const counter = new RunCounter(ctx, soloRuns + interleavedRuns);

  await primeRuntime();
  const solo: SoloFigures[] = [];
  const rss = new RoundRss();
  let configs: ConfigSamples[];
  try {
    for (const model of models) solo.push(await soloPhase(model, feeds, options, counter));
    configs = await interleavedPhase(models, solo.map((s) => s.session), feeds, options, counter, rss);
  } finally {
    await Promise.all(solo.map((s) => s.session.release()));
  }

  ctx.progress('counting FLOPs', 0, models.length);
  const facts: ModelFacts[] = [];
  for (const model of models) facts.push(await modelFacts(model, inputs.spec));

  const benches: ModelBench[] = facts.map((model, m) => {
    const throughput = configs.map((c) => throughputPoint(c.samples[m]!, c.threads, c.batch, model.gflops, machine));
    const headline = throughput[0]!;
    const { memory } = solo[m]!;
    return {
      label: model.label,
      path: model.path,
      sizeBytes: model.sizeBytes,
      parameterCount: model.parameterCount,
      gflops: model.gflops,
      sessionCreateMs: solo[m]!.session.createMs,
      firstInferenceMs: solo[m]!.firstInferenceMs,
      threads: headline.threads,
      batch: headline.batch,
      latencyMs: headline.latencyMs,
      latencySamplesMs: [...configs[0]!.samples[m]!],
      inferencesPerSec: headline.inferencesPerSec,
      gflopsPerSec: headline.gflopsPerSec,
      peakShare: headline.peakShare,
      throughput,
      peakRssBytes: Math.round(memory.peakBytes),
      peakRssSampledBytes: Math.round(memory.sampledPeakBytes),
      rssBeforeBytes: Math.round(memory.startBytes),
      rssIncreaseBytes: Math.max(0, Math.round(memory.peakBytes - memory.startBytes)),
    };
  });
  const stats = { resamples: options.resamples, seed: options.seed };
  return {
    settings: { threads: options.threads, batch: options.batch, runs: options.runs, warmup: options.warmup },
    inputs: inputs.info,
    machine,
    models: benches,
    comparisons: benches.slice(1).map((candidate) => compareBench(benches[0]!, candidate, stats)),
    interleavedPeakRssBytes: Math.round(rss.peak),
    method: benchMethod({
      rssSource: solo.every((s) => s.memory.source === 'vmhwm-reset') ? 'vmhwm-reset' : 'sampled',
      ...stats,
    }),
  };
}
