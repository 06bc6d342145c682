/**
 * The serving pass of a comparison (`--concurrency 1,8`): every compared image served again by each side, with 1
 * client and with C parallel clients, as the experiment this product grew from measured TensorFlow Serving against
 * OpenVINO Model Server. Per side and level: the time to serve all images, throughput and latency percentiles; per
 * level: the candidate's time as a ratio of the reference's with its bootstrap interval.
 */
import { z } from 'zod';
import { LatencyStatsSchema } from './performance-section.js';

export const ServingLevelSchema = z.object({
  concurrency: z.number().int().min(1),
  /** Requests sent (one per image). */
  requests: z.number().int().min(0),
  /** Time to serve every image at this level: the sum of the rounds' wall times. */
  wallMs: z.number().min(0),
  imagesPerSec: z.number().min(0),
  /** Each request from sending it to its whole answer, as the client sees it (serialisation included). */
  latencyMs: LatencyStatsSchema,
  /** Images whose top-1 class under this level differs from the comparison's own run; null without a classifier output. */
  top1Changed: z.number().int().min(0).nullable(),
});
export type ServingLevel = z.infer<typeof ServingLevelSchema>;

export const ServingSideSchema = z.object({
  role: z.enum(['reference', 'candidate']),
  /** The model file, "model on KServe v2 at http://…", as describeSource says. */
  label: z.string(),
  levels: z.array(ServingLevelSchema),
});
export type ServingSide = z.infer<typeof ServingSideSchema>;

export const ServingRatioSchema = z.object({
  concurrency: z.number().int().min(1),
  /** Candidate's time to serve all images ÷ the reference's (below 1: the candidate serves faster). */
  timeRatio: z.number().min(0),
  /** 95 % percentile-bootstrap interval of that ratio, rounds resampled. */
  ci95: z.tuple([z.number(), z.number()]),
  /** The interval contains 1: no measurable difference. */
  withinNoise: z.boolean(),
});
export type ServingRatio = z.infer<typeof ServingRatioSchema>;

export const ServingRunSchema = z.object({
  images: z.number().int().min(1),
  levels: z.array(z.number().int().min(1)),
  /** Images per round: each side serves a round's images at each level before the next round starts. */
  roundSize: z.number().int().min(1),
  rounds: z.number().int().min(1),
  /** One entry per side that does its own work (saved outputs are not timed). */
  sides: z.array(ServingSideSchema).min(1),
  /** Per level, candidate vs reference; empty with one timed side. */
  ratios: z.array(ServingRatioSchema),
  method: z.string(),
  /** "candidate serves the 200 images in 1.2 s sequentially (0.71× the reference's time, 95% CI …) and …". */
  headline: z.string(),
});
export type ServingRun = z.infer<typeof ServingRunSchema>;
