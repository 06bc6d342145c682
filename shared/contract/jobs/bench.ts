/** `parity bench`: speed, memory and size of models side by side (bench), and the serving-load test (serve). */
import { z } from 'zod';
import { PartialPreprocessSpecSchema } from '../../preprocess.js';
import { EnvironmentSchema } from '../../report/report.js';
import { BenchInputsSchema, BenchmarkResultSchema, LatencyStatsSchema } from '../../report/performance-section.js';

const positiveInt = z.number().int().positive();

/** What both kinds share: the models, where their inputs come from, and an optional JSON copy of the result. */
const BenchInputParams = z.object({
  models: z.array(z.string().min(1)).min(1).max(16),
  /** Folder of images; null = seeded random inputs (and the result says so). */
  images: z.string().min(1).nullable().default(null),
  preprocess: PartialPreprocessSpecSchema.nullable().default(null),
  /** At most this many preprocessed images are held in memory and fed round robin. */
  maxImages: positiveInt.max(4096).default(32),
  seed: z.number().int().min(0).default(1),
  /** Write the result here as JSON (atomically). */
  json: z.string().min(1).nullable().default(null),
});

export const BenchParamsSchema = BenchInputParams.extend({
  runs: positiveInt.max(1_000_000).default(50),
  warmup: z.number().int().min(0).max(100_000).default(5),
  /** Intra-op thread counts; null = all cores. */
  threads: z.array(positiveInt.max(1024)).min(1).nullable().default(null),
  batch: z.array(positiveInt.max(4096)).min(1).default([1]),
  bootstrapResamples: positiveInt.max(100_000).default(2000),
});
export type BenchParams = z.input<typeof BenchParamsSchema>;
export type BenchOptions = z.output<typeof BenchParamsSchema>;

export const BenchResultSchema = BenchmarkResultSchema.extend({
  createdAt: z.string(),
  environment: EnvironmentSchema,
  json: z.string().nullable(),
});
export type BenchResult = z.infer<typeof BenchResultSchema>;

export const BenchJob = { params: BenchParamsSchema, result: BenchResultSchema } as const;

export const ServeLoadParamsSchema = BenchInputParams.extend({
  /** Concurrent requests kept in flight, one level after the other. */
  concurrency: z.array(positiveInt.max(1024)).min(1).default([1, 2, 4, 8]),
  /** Seconds of load per model and concurrency level. */
  durationSec: z.number().positive().max(3600).default(10),
  /** Worker threads of the pool, each with its own session; null = chosen by measurement (with `threads`). */
  workers: positiveInt.max(256).nullable().default(null),
  /** Intra-op threads of each worker's session; null = chosen by measurement (or all cores ÷ workers). */
  threads: positiveInt.max(1024).nullable().default(null),
  /** Seconds each candidate pool shape is tried when the shape is chosen by measurement. */
  trialSec: z.number().positive().max(60).default(2),
  /** The summary's "time to serve N images" uses this N. */
  summaryImages: positiveInt.max(100_000_000).default(1000),
  warmup: z.number().int().min(0).max(100_000).default(5),
});
export type ServeLoadParams = z.input<typeof ServeLoadParamsSchema>;
export type ServeLoadOptions = z.output<typeof ServeLoadParamsSchema>;

export const ServeLoadLevelSchema = z.object({
  concurrency: z.number().int().min(1),
  requests: z.number().int().min(0),
  durationMs: z.number().min(0),
  requestsPerSec: z.number().min(0),
  /** From a request's arrival to its response, waiting in line included. */
  latencyMs: LatencyStatsSchema.nullable(),
  /** From arrival to a worker taking the request (0 while a worker is free). */
  queueMs: LatencyStatsSchema.nullable(),
  /** The run itself, in the worker. */
  serviceMs: LatencyStatsSchema.nullable(),
});
export type ServeLoadLevel = z.infer<typeof ServeLoadLevelSchema>;

export const PoolTrialSchema = z.object({
  workers: z.number().int().min(1),
  threadsPerWorker: z.number().int().min(1),
  concurrency: z.number().int().min(1),
  requestsPerSec: z.number().min(0),
});
export type PoolTrial = z.infer<typeof PoolTrialSchema>;

export const ServeLoadModelSchema = z.object({
  label: z.string(),
  path: z.string(),
  /** The pool that served every level: worker threads, each with its own session of threadsPerWorker threads. */
  workers: z.number().int().min(1),
  threadsPerWorker: z.number().int().min(1),
  /** The shapes tried to choose it (empty when given with --workers/--threads), the best first. */
  poolTrials: z.array(PoolTrialSchema),
  levels: z.array(ServeLoadLevelSchema),
  /** The lowest level after which requests/s grows by less than saturationGain; null when it still grows at the last. */
  saturatedAt: z.number().int().nullable(),
  summary: z.string(),
});
export type ServeLoadModel = z.infer<typeof ServeLoadModelSchema>;

/** "Time to serve N images": sequentially (concurrency 1) and with C parallel clients, per model, from the measured rates. */
export const ServingSummarySchema = z.object({
  images: z.number().int().min(1),
  /** The parallel level: the one at which the first model served the most requests/s. */
  clients: z.number().int().min(1),
  rows: z.array(
    z.object({
      label: z.string(),
      sequentialSec: z.number().nullable(),
      parallelSec: z.number().nullable(),
    }),
  ),
});
export type ServingSummary = z.infer<typeof ServingSummarySchema>;

export const ServeLoadResultSchema = z.object({
  createdAt: z.string(),
  environment: EnvironmentSchema,
  inputs: BenchInputsSchema,
  /** Cores the pool may use (workers × threadsPerWorker of each model stays within it). */
  threads: z.number().int().min(1),
  /** The first model's pool (each model's own is in models[]). */
  workers: z.number().int().min(1),
  threadsPerWorker: z.number().int().min(1),
  durationSec: z.number(),
  /** Growth in requests/s below which a higher level counts as saturated, e.g. 0.05 = 5%. */
  saturationGain: z.number(),
  models: z.array(ServeLoadModelSchema).min(1),
  servingSummary: ServingSummarySchema.nullable(),
  method: z.string(),
  json: z.string().nullable(),
});
export type ServeLoadResult = z.infer<typeof ServeLoadResultSchema>;

export const ServeLoadJob = { params: ServeLoadParamsSchema, result: ServeLoadResultSchema } as const;
