/**
 * Checkpoints of a long comparison, so that an interrupted run (killed, crashed, power cut) can continue with
 * `parity compare --resume <run-dir>` and end with the same report as an uninterrupted one. The run folder holds
 * params.json (what was asked, written when the run starts) and checkpoint.json (what is done, rewritten
 * atomically every few seconds, removed once report.json exists).
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CompareParamsSchema, type CompareOptions } from '../../../../shared/contract/jobs/compare.js';
import { ParityError } from '../../../../shared/errors.js';
import { OutputDescriptionSchema, PerImageResultSchema, SkippedImageSchema } from '../../../../shared/report/report.js';
import { writeJsonAtomic } from '../../io/atomic-write.js';
import { removeOrphanTempFiles } from '../../io/temp-files.js';
import { SHARD_FILE } from '../shard/shard-state.js';

export const PARAMS_FILE = 'params.json';
export const CHECKPOINT_FILE = 'checkpoint.json';
/** How often a running comparison saves its progress. */
export const CHECKPOINT_INTERVAL_MS = 3000;
/** The checkpoint format this code writes and resumes. */
export const CHECKPOINT_VERSION = 3;

export const CheckpointSchema = z.object({
  /**
   * 3: means as exact sums (2: evaluator state per output kind; checkpoints of older versions start the run over).
   */
  checkpointVersion: z.literal(CHECKPOINT_VERSION),
  /** Digest of the parameters that shape the results; a resume with other parameters is refused. */
  paramsKey: z.string(),
  /** Entries of the image listing already processed (decoded or skipped), in listing order. */
  entriesDone: z.number().int().min(0),
  plan: z.array(OutputDescriptionSchema),
  /** The clean pass's PairEvaluator state (EvaluatorStateSchema). */
  evaluator: z.unknown(),
  /**
   * Each further candidate's clean PairEvaluator state and inference time, and its perturbation tally (null before
   * the first image or without perturbations); absent with one candidate.
   */
  further: z.array(z.object({ evaluator: z.unknown(), candMs: z.number(), robustness: z.unknown().nullable().optional() })).optional(),
  perImage: z.array(PerImageResultSchema),
  skipped: z.array(SkippedImageSchema),
  gallery: z.array(z.object({ relPath: z.string(), disagreement: z.number() })),
  robustness: z.unknown().nullable(),
});
export type Checkpoint = z.infer<typeof CheckpointSchema>;

/** The parameters that decide the results (not where the files go, nor whether this is a resume). */
export function paramsKey(params: CompareOptions): string {
  const { runDir: _runDir, copies: _copies, resume: _resume, ...rest } = params;
  return createHash('sha256').update(JSON.stringify(rest)).digest('hex');
}

export async function writeRunParams(runDir: string, params: CompareOptions): Promise<void> {
  await writeJsonAtomic(path.join(runDir, PARAMS_FILE), { ...params, resume: false });
}

/** Reads the parameters a run folder was started with (for --resume). */
export async function readRunParams(runDir: string): Promise<CompareOptions> {
  const file = path.join(runDir, PARAMS_FILE);
  let raw: unknown;
  try {
    raw = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch {
    throw new ParityError(
      'BAD_OPTION',
      `${runDir} is not a run folder Parity can resume: ${PARAMS_FILE} is missing or unreadable.`,
      'Pass the --out folder of a parity compare run.',
    );
  }
  const parsed = CompareParamsSchema.safeParse(raw);
  if (!parsed.success) throw new ParityError('BAD_OPTION', `${file} does not hold valid compare parameters.`, 'Start the comparison again.');
  return parsed.data;
}

export async function writeCheckpoint(runDir: string, checkpoint: Checkpoint): Promise<void> {
  await writeJsonAtomic(path.join(runDir, CHECKPOINT_FILE), checkpoint);
}

/** The checkpoint of an interrupted run, or null when there is none or it belongs to other parameters. */
export async function readCheckpoint(runDir: string, params: CompareOptions): Promise<Checkpoint | null> {
  let raw: unknown;
  try {
    raw = JSON.parse(await fs.readFile(path.join(runDir, CHECKPOINT_FILE), 'utf8'));
  } catch {
    return null;
  }
  const parsed = CheckpointSchema.safeParse(raw);
  if (!parsed.success || parsed.data.paramsKey !== paramsKey(params)) return null;
  return parsed.data;
}

export async function removeCheckpoint(runDir: string): Promise<void> {
  await fs.rm(path.join(runDir, CHECKPOINT_FILE), { force: true });
}

/** A fresh (not resumed) run starts from a clean folder: no stale report or checkpoint of an older run. */
export async function clearRunOutputs(runDir: string, copies: Array<string | undefined>): Promise<void> {
  const stale = ['report.json', 'report.html', 'report.csv', CHECKPOINT_FILE, SHARD_FILE].map((f) => path.join(runDir, f));
  for (const file of [...stale, ...copies]) if (file) await fs.rm(file, { force: true });
  await removeOrphanTempFiles(runDir);
}
