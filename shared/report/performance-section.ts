/**
 * Speed, memory and size of models measured side by side in one engine process: the result of `parity bench` and
 * the performance section of a compare report. Figures are per inference of one image unless a name says otherwise.
 */
import { z } from 'zod';

const ms = z.number().min(0);

/** Latency of single runs in milliseconds; percentile p = sorted[min(floor(n·p), n−1)], as ONNX Runtime's perf test. */
export const LatencyStatsSchema = z.object({
  runs: z.number().int().min(1),
  min: ms,
  p50: ms,
  p90: ms,
  p95: ms,
  p99: ms,
  max: ms,
  mean: ms,
});
export type LatencyStats = z.infer<typeof LatencyStatsSchema>;

/** One thread count × batch size: latency of a run (one batch) and inferences (images) per second. */
export const ThroughputPointSchema = z.object({
  threads: z.number().int().min(1),
  batch: z.number().int().min(1),
  latencyMs: LatencyStatsSchema,
  /** batch × runs ÷ the summed time of this model's runs (the other models' runs in between are not counted). */
  inferencesPerSec: z.number().min(0),
  /** gflops × inferencesPerSec; null when the model's FLOPs are unknown. */
  gflopsPerSec: z.number().min(0).nullable(),
  /** gflopsPerSec ÷ the machine's peak (all cores); null when either is unknown. */
  peakShare: z.number().min(0).nullable(),
});
export type ThroughputPoint = z.infer<typeof ThroughputPointSchema>;

export const ModelBenchSchema = z.object({
  /** File name, made unique when the same name appears twice ("a.onnx", "a.onnx #2"). */
  label: z.string(),
  path: z.string(),
  sizeBytes: z.number().int().min(0),
  parameterCount: z.number().int().min(0).nullable(),
  /** FLOPs of one inference of one image in units of 10⁹ (a multiply-accumulate counts 2); null when unknown. */
  gflops: z.number().min(0).nullable(),
  /** Creating the ONNX Runtime session (graph optimisation included), alone in the process. */
  sessionCreateMs: ms,
  /** The first run after the session was created (excluded from every statistic). */
  firstInferenceMs: ms,
  /** The headline configuration (the first thread count and the first batch size). */
  threads: z.number().int().min(1),
  batch: z.number().int().min(1),
  latencyMs: LatencyStatsSchema,
  /** Every timed run of the headline configuration in run order, milliseconds (the charts and the bootstrap use them). */
  latencySamplesMs: z.array(ms),
  inferencesPerSec: z.number().min(0),
  gflopsPerSec: z.number().min(0).nullable(),
  peakShare: z.number().min(0).nullable(),
  /** Every thread count × batch size measured. */
  throughput: z.array(ThroughputPointSchema),
  /**
   * Peak resident memory of the engine process while this model was loaded, run once and warmed up, with nothing
   * else running (the models before it in the list stay loaded, idle); see method.rss.
   */
  peakRssBytes: z.number().int().min(0),
  /** The highest RSS a sampling thread saw in that window (a lower bound of peakRssBytes). */
  peakRssSampledBytes: z.number().int().min(0),
  /** RSS of the engine just before this model's session was created. */
  rssBeforeBytes: z.number().int().min(0),
  /** peakRssBytes − rssBeforeBytes: the memory this model's session, first run and warm-up added. */
  rssIncreaseBytes: z.number().int().min(0),
});
export type ModelBench = z.infer<typeof ModelBenchSchema>;

export const LatencyRatioSchema = z.object({
  /** Median of the paired per-round ratios candidate ÷ reference (below 1: the candidate is faster). */
  median: z.number(),
  /** 95% bootstrap percentile interval of that median. */
  ci95: z.tuple([z.number(), z.number()]),
});

export const BenchComparisonSchema = z.object({
  reference: z.string(),
  candidate: z.string(),
  threads: z.number().int(),
  batch: z.number().int(),
  latencyRatio: LatencyRatioSchema,
  /** candidate ÷ reference inferences per second. */
  throughputRatio: z.number(),
  /** candidate ÷ reference file size. */
  sizeRatio: z.number(),
  /** True when latencyRatio.ci95 contains 1: no measurable speed difference. */
  withinNoise: z.boolean(),
});
export type BenchComparison = z.infer<typeof BenchComparisonSchema>;

/** The machine's fp32 peak: cores × clock × FMA units × vector lanes × 2, each factor with where it came from. */
export const MachinePeakSchema = z.object({
  cpuModel: z.string(),
  logicalCores: z.number().int().min(1),
  /** Distinct (physical id, core id) pairs in /proc/cpuinfo; null when not listed. */
  physicalCores: z.number().int().min(1).nullable(),
  /** Cores in the formula: physical cores available to the process (hyper-threads share vector units). */
  cores: z.number().int().min(1),
  mhz: z.number().nullable(),
  /** The widest fp32 vector extension found in the CPU flags and its lanes (avx512f 16, avx/avx2 8, sse/neon 4). */
  vectorIsa: z.string(),
  vectorLanes: z.number().int().min(1),
  fmaUnits: z.number().int().min(1),
  gflopsPerSec: z.number().nullable(),
  /** The derivation in words, with its assumptions. */
  derivation: z.string(),
});
export type MachinePeak = z.infer<typeof MachinePeakSchema>;

export const BenchInputsSchema = z.object({
  /** 'random' only when no images were given. */
  source: z.enum(['images', 'random']),
  /** Preprocessed tensors held in memory and fed round robin (the same one to every model in a round). */
  count: z.number().int().min(1),
  root: z.string().nullable(),
  seed: z.number().int().nullable(),
  /** The input shape of one image, e.g. [1, 3, 48, 192]. */
  shape: z.array(z.number().int()),
  dtype: z.string(),
  note: z.string(),
});
export type BenchInputs = z.infer<typeof BenchInputsSchema>;

export const BenchSettingsSchema = z.object({
  threads: z.array(z.number().int().min(1)).min(1),
  batch: z.array(z.number().int().min(1)).min(1),
  /** Timed runs per model and configuration. */
  runs: z.number().int().min(1),
  /** Untimed runs per model and configuration before the timed ones. */
  warmup: z.number().int().min(0),
});
export type BenchSettings = z.infer<typeof BenchSettingsSchema>;

/** How every figure was measured, in words a reader can check. */
export const BenchMethodSchema = z.object({
  order: z.string(),
  percentile: z.string(),
  throughput: z.string(),
  rss: z.string(),
  rssSource: z.enum(['vmhwm-reset', 'sampled']),
  rssSampleIntervalMs: z.number(),
  bootstrap: z.string(),
  bootstrapResamples: z.number().int(),
  bootstrapSeed: z.number().int(),
  flops: z.string(),
});
export type BenchMethod = z.infer<typeof BenchMethodSchema>;

export const BenchmarkResultSchema = z.object({
  settings: BenchSettingsSchema,
  inputs: BenchInputsSchema,
  machine: MachinePeakSchema,
  /** In the order given; the first is the reference of every comparison. */
  models: z.array(ModelBenchSchema).min(1),
  /** One per model after the first, against the first. */
  comparisons: z.array(BenchComparisonSchema),
  /** Highest RSS read between rounds while the models ran interleaved (all their sessions loaded at once). */
  interleavedPeakRssBytes: z.number().int().min(0),
  method: BenchMethodSchema,
});
export type BenchmarkResult = z.infer<typeof BenchmarkResultSchema>;

/** Report section with both models' speed, memory and size measured on the compared images. */
export const PerformanceSectionSchema = z.object({
  /** "candidate is X% faster …, Y× smaller, top-1 agreement Z% clean and W% at the worst perturbation". */
  headline: z.string(),
  benchmark: BenchmarkResultSchema,
});
export type PerformanceSection = z.infer<typeof PerformanceSectionSchema>;

/**
 * The speed part of a headline: "no measurable speed difference" when the interval contains 1, else "X% faster"
 * (the candidate's median latency is X% lower) or "X% slower" (X% higher).
 */
export function speedPhrase(comparison: Pick<BenchComparison, 'latencyRatio' | 'withinNoise'>): string {
  if (comparison.withinNoise) return 'no measurable speed difference';
  const ratio = comparison.latencyRatio.median;
  const percent = Math.abs(1 - ratio) * 100;
  const text = percent >= 10 ? percent.toFixed(0) : percent.toFixed(1);
  return ratio < 1 ? `${text}% faster` : `${text}% slower`;
}

/** The size part: "3.9× smaller", "1.20× larger", or "the same size" within 0.5%. */
export function sizePhrase(sizeRatio: number): string {
  if (!(sizeRatio > 0) || Math.abs(sizeRatio - 1) < 0.005) return 'the same size';
  const factor = sizeRatio < 1 ? 1 / sizeRatio : sizeRatio;
  const text = factor >= 10 ? factor.toFixed(1) : factor.toFixed(2);
  return `${text}× ${sizeRatio < 1 ? 'smaller' : 'larger'}`;
}
