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
  /** Intra-op threads of each model's session; null = all cores. */
  threads: positiveInt.max(1024).nullable().default(null),
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
});
export type ServeLoadLevel = z.infer<typeof ServeLoadLevelSchema>;

export const ServeLoadModelSchema = z.object({
  label: z.string(),
  path: z.string(),
  levels: z.array(ServeLoadLevelSchema),
  /** The lowest level after which requests/s grows by less than saturationGain; null when it still grows at the last. */
  saturatedAt: z.number().int().nullable(),
  summary: z.string(),
});
export type ServeLoadModel = z.infer<typeof ServeLoadModelSchema>;

export const ServeLoadResultSchema = z.object({
  createdAt: z.string(),
  environment: EnvironmentSchema,
  inputs: BenchInputsSchema,
  threads: z.number().int().min(1),
  durationSec: z.number(),
  /** Growth in requests/s below which a higher level counts as saturated, e.g. 0.05 = 5%. */
  saturationGain: z.number(),
  models: z.array(ServeLoadModelSchema).min(1),
  method: z.string(),
  json: z.string().nullable(),
});
export type ServeLoadResult = z.infer<typeof ServeLoadResultSchema>;

export const ServeLoadJob = { params: ServeLoadParamsSchema, result: ServeLoadResultSchema } as const;
