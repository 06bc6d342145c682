/**
 * Sharded runs: a comparison split over machines (`parity compare --shard k/N`), each shard a run folder of its own,
 * joined by `parity merge` into the report one machine would have written. A shard's report says which part it
 * covers; a merged report lists its shards with what differs between machines: the machine, timings, performance.
 */
import { z } from 'zod';
import { formatBytes, formatCount, formatDuration, formatMillis, formatRatio } from './format.js';
import { PerformanceSectionSchema, speedPhrase } from './performance-section.js';
import { EnvironmentSchema, RunTimingsSchema } from './run-context.js';

/** Shard k of N (k = 0 … N−1). */
export const ShardSpecSchema = z
  .object({ index: z.number().int().min(0), count: z.number().int().min(1).max(100_000) })
  .refine((s) => s.index < s.count, { message: 'the shard index must be below the shard count (k = 0 … N−1)' });
export type ShardSpec = z.infer<typeof ShardSpecSchema>;

/** In a shard's own report: the part of the images it covers. */
export const ShardNoteSchema = z.object({
  index: z.number().int().min(0),
  count: z.number().int().min(1),
  /** Images in the whole listing (every shard's); this report covers those whose path hashes to `index`. */
  listedImages: z.number().int().min(0),
});
export type ShardNote = z.infer<typeof ShardNoteSchema>;

/** One shard of a merged run, as its machine saw it. */
export const ShardRunSchema = z.object({
  index: z.number().int().min(0),
  /** The shard's run folder as `parity merge` was given it. */
  runDir: z.string(),
  createdAt: z.string(),
  /** Images this shard compared, and those it skipped. */
  images: z.number().int().min(0),
  skipped: z.number().int().min(0),
  environment: EnvironmentSchema,
  timings: RunTimingsSchema,
  /** Both models' speed, memory and size on this shard's machine; absent when the shard ran without it. */
  performance: PerformanceSectionSchema.optional(),
});
export type ShardRun = z.infer<typeof ShardRunSchema>;

/** In a merged report: its shards, by index. */
export const MergedShardsSchema = z.object({
  count: z.number().int().min(1),
  shards: z.array(ShardRunSchema),
  /** Why performance is per shard, and any difference between the shards' machines that may show in the results. */
  notes: z.array(z.string()),
});
export type MergedShards = z.infer<typeof MergedShardsSchema>;

/** The sentence every view of a shard's report shows: which part of the run it is, and that the merge decides. */
export function shardNoteSentence(note: ShardNote, compared: number): string {
  return (
    `Shard ${note.index}/${note.count} (shards are numbered 0–${note.count - 1}): ${compared.toLocaleString('en-US')} of the ` +
    `${note.listedImages.toLocaleString('en-US')} listed images. Its figures cover these images only; the gate applies to the run ` +
    'merged from every shard (parity merge).'
  );
}

/** Why a merged report has no single performance section. */
export const PER_SHARD_PERFORMANCE_NOTE =
  'Speed, memory and size were measured on each shard\'s machine and are shown per shard, side by side: machines differ, so their figures are not pooled.';

/** One row of the side-by-side shard table: its label and its cell per shard (the HTML report and the app show the same). */
export interface ShardRow {
  label: string;
  cell: (shard: ShardRun) => string;
}

const benchOf = (s: ShardRun) => s.performance?.benchmark;
const notMeasured = '—';

export const SHARD_ROWS: readonly ShardRow[] = [
  { label: 'Machine', cell: (s) => `${s.environment.cpuModel}, ${s.environment.cores} core${s.environment.cores === 1 ? '' : 's'}` },
  { label: 'Images', cell: (s) => `${formatCount(s.images)}${s.skipped > 0 ? ` (${formatCount(s.skipped)} skipped)` : ''}` },
  { label: 'Took', cell: (s) => formatDuration(s.timings.totalMs) },
  { label: 'Inference (reference / candidate)', cell: (s) => `${formatDuration(s.timings.inferenceMs.reference)} / ${formatDuration(s.timings.inferenceMs.candidate)}` },
  { label: 'Speed', cell: (s) => (benchOf(s)?.comparisons[0] ? speedPhrase(benchOf(s)!.comparisons[0]!) : notMeasured) },
  {
    label: 'Latency ratio (95% CI)',
    cell: (s) => {
      const c = benchOf(s)?.comparisons[0];
      return c ? `${formatRatio(c.latencyRatio.median, 3)} (${c.latencyRatio.ci95.map((v) => v.toFixed(3)).join('–')})` : notMeasured;
    },
  },
  { label: 'Latency p50 reference', cell: (s) => (benchOf(s) ? formatMillis(benchOf(s)!.models[0]?.latencyMs.p50) : notMeasured) },
  { label: 'Latency p50 candidate', cell: (s) => (benchOf(s) ? formatMillis(benchOf(s)!.models[1]?.latencyMs.p50) : notMeasured) },
  { label: 'Throughput ratio', cell: (s) => (benchOf(s)?.comparisons[0] ? formatRatio(benchOf(s)!.comparisons[0]!.throughputRatio) : notMeasured) },
  { label: 'Peak RSS reference', cell: (s) => (benchOf(s) ? formatBytes(benchOf(s)!.models[0]?.peakRssBytes) : notMeasured) },
  { label: 'Peak RSS candidate', cell: (s) => (benchOf(s) ? formatBytes(benchOf(s)!.models[1]?.peakRssBytes) : notMeasured) },
  { label: 'ONNX Runtime', cell: (s) => s.environment.ortVersion },
];
