/**
 * shard.json: what a shard's run folder holds besides its report for `parity merge` — what must be equal across
 * the shards of one run (Parity version, models by hash, result-shaping options, preprocessing, classes, the image
 * listing), and the state of every aggregate (clean evaluator, the perturbation tally, gallery, flips) with the
 * perturbed thumbnails any of its kept flips needs. Per-image rows stay in the shard's report.json.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { CompareOptions } from '../../../../shared/contract/jobs/compare.js';
import { ParityError } from '../../../../shared/errors.js';
import { PreprocessSpecSchema } from '../../../../shared/preprocess.js';
import { OutputDescriptionSchema } from '../../../../shared/report/report.js';
import { writeJsonAtomic } from '../../io/atomic-write.js';

export const SHARD_FILE = 'shard.json';
/** The shard.json format this code writes and merges. */
export const SHARD_STATE_VERSION = 1;

/** The options that shape a comparison's results; every shard of a run must have the same. */
export function resultOptions(params: CompareOptions): Record<string, unknown> {
  return {
    candidateRecipe: params.candidateRecipe,
    threshold: params.threshold,
    topK: params.topK,
    tolerance: params.tolerance,
    outputTolerances: params.outputTolerances,
    gate: params.gate,
    perturb: params.perturb,
    severities: params.severities,
    seed: params.seed,
    galleryCount: params.galleryCount,
    maxImages: params.maxImages,
  };
}

export const ShardIdentitySchema = z.object({
  parityVersion: z.string(),
  shardCount: z.number().int().min(1),
  models: z.object({ reference: z.string(), candidate: z.string() }),
  options: z.record(z.string(), z.unknown()),
  preprocess: PreprocessSpecSchema,
  classes: z.array(z.string()).nullable(),
  listing: z.object({ entries: z.number().int().min(0), skipped: z.number().int().min(0), digest: z.string() }),
});
export type ShardIdentity = z.infer<typeof ShardIdentitySchema>;

export const ShardStateSchema = z.object({
  shardStateVersion: z.literal(SHARD_STATE_VERSION),
  index: z.number().int().min(0),
  identity: ShardIdentitySchema,
  /** Of the report's images.skipped: how many come first from the listing, then for their class folder; the rest failed to decode. */
  skippedPhases: z.object({ listing: z.number().int().min(0), labels: z.number().int().min(0) }),
  /** The output plan and the clean evaluator's state; null when the shard had no image to compare. */
  plan: z.array(OutputDescriptionSchema).nullable(),
  evaluator: z.unknown().nullable(),
  gallery: z.array(z.object({ relPath: z.string(), disagreement: z.number() })),
  robustness: z.unknown().nullable(),
  /** Perturbed thumbnails (data: URIs) by ReportAssets key: every kept flip and the strip of the shard's sample. */
  thumbnails: z.record(z.string(), z.string()),
});
export type ShardState = z.infer<typeof ShardStateSchema>;

export async function writeShardState(runDir: string, state: ShardState): Promise<void> {
  await writeJsonAtomic(path.join(runDir, SHARD_FILE), state);
}

/** A shard's state, or a BAD_OPTION naming the folder and what is wrong with it. */
export async function readShardState(runDir: string): Promise<ShardState> {
  let text: string;
  try {
    text = await fs.readFile(path.join(runDir, SHARD_FILE), 'utf8');
  } catch {
    throw new ParityError(
      'BAD_OPTION',
      `${runDir} is not a shard of a sharded run: it has no ${SHARD_FILE}.`,
      'Merge the --out folders of `parity compare … --shard k/N` runs.',
      { reason: 'not-a-shard', runDir },
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ParityError('BAD_OPTION', `${path.join(runDir, SHARD_FILE)} is not valid JSON.`, 'Run that shard again.', { reason: 'bad-shard', runDir });
  }
  const version = (raw as { shardStateVersion?: unknown } | null)?.shardStateVersion;
  if (version !== SHARD_STATE_VERSION) {
    throw new ParityError(
      'BAD_OPTION',
      `${runDir} was written by another version of Parity (shard format ${String(version)}, this one merges ${SHARD_STATE_VERSION}).`,
      'Run every shard and the merge with the same Parity version.',
      { reason: 'mismatch', runDir },
    );
  }
  const parsed = ShardStateSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ParityError('BAD_OPTION', `${path.join(runDir, SHARD_FILE)} is damaged (${parsed.error.issues[0]?.message ?? 'schema mismatch'}).`, 'Run that shard again.', {
      reason: 'bad-shard',
      runDir,
    });
  }
  return parsed.data;
}
