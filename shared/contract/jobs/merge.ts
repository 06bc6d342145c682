import { z } from 'zod';
import { CompareResultSchema } from './compare.js';

/** Joins the run folders of a sharded comparison (`parity compare --shard k/N`) into the report of the whole run. */
export const MergeParamsSchema = z.object({
  /** The shards' run folders, in any order; every shard of the run exactly once. */
  shards: z.array(z.string().min(1)).min(1),
  /** Folder that receives the merged report.json, report.html, report.csv and thumbnails. */
  runDir: z.string().min(1),
  /** Extra copies the user asked for (CLI --json/--report/--csv), written atomically. */
  copies: z
    .object({ json: z.string().optional(), html: z.string().optional(), csv: z.string().optional() })
    .default({}),
});
export type MergeParams = z.input<typeof MergeParamsSchema>;

export const MergedShardResultSchema = z.object({
  index: z.number().int(),
  runDir: z.string(),
  images: z.number().int(),
  cpuModel: z.string(),
  totalMs: z.number(),
  /** The shard's performance headline, measured on its machine; absent when it ran without it. */
  performance: z.string().optional(),
});

export const MergeResultSchema = CompareResultSchema.extend({
  /** The models' paths as the first shard saw them. */
  models: z.object({ reference: z.string(), candidate: z.string() }),
  shards: z.array(MergedShardResultSchema),
  /** Time the merge itself took. */
  mergeMs: z.number(),
});
export type MergeResult = z.infer<typeof MergeResultSchema>;

export const MergeJob = { params: MergeParamsSchema, result: MergeResultSchema } as const;
