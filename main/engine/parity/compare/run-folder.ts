/**
 * Phase 1 of a comparison: the run folder. A fresh run starts from a clean folder and saves what it was asked;
 * `--resume` continues from the folder's checkpoint, or answers from its report when the run had finished.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { CompareOptions, CompareResult } from '../../../../shared/contract/jobs/compare.js';
import { ParityError } from '../../../../shared/errors.js';
import type { ConversionManifest } from '../../../../shared/report/conversion-manifest.js';
import type { JobContext } from '../../jobs/context.js';
import { resolveCandidate } from '../../convert/variant-cache.js';
import { clearRunOutputs, readCheckpoint, writeRunParams, type Checkpoint } from './checkpoint.js';
import { removeOrphanTempFiles } from '../../io/temp-files.js';
import { finishedResult } from './finished-run.js';
import { checkAccuracyGate } from './labels.js';
import { checkSides } from '../pair/open-sides.js';

export interface RunFolder {
  /** What the caller asked (saved in params.json; the checkpoint's key). */
  requested: CompareOptions;
  /** The same with the candidate resolved to a file (a --candidate-recipe variant from the cache), unless it is an endpoint. */
  params: CompareOptions;
  runDir: string;
  imagesRoot: string;
  /** The interrupted run's progress when resuming, else null. */
  checkpoint: Checkpoint | null;
  /** The candidate's conversion manifest, when it was converted by Parity. */
  candidateManifest: ConversionManifest | null;
}

/** Prepares the run folder, or returns the finished run's result when a resume finds its report complete. */
export async function openRunFolder(requested: CompareOptions, ctx: JobContext): Promise<RunFolder | { finished: CompareResult }> {
  checkSides(requested);
  const imagesRoot = path.resolve(requested.images);
  const stat = await fs.stat(imagesRoot).catch(() => null);
  if (!stat?.isDirectory()) {
    throw new ParityError('BAD_OPTION', `Images folder not found: ${imagesRoot}`, 'Give a folder of image files (--images <dir>); with a labels file, one subfolder per class.');
  }
  checkAccuracyGate(requested.gate, requested.labels);
  // Conversion area: a --candidate-recipe becomes a cached variant of the reference; a candidate's manifest is kept.
  const resolved = requested.candidateUrl !== null ? { path: '', manifest: null } : await resolveCandidate(requested, ctx);
  const params: CompareOptions = { ...requested, candidate: resolved.path };
  const runDir = path.resolve(params.runDir);
  if (requested.resume) {
    const finished = await finishedResult(runDir);
    if (finished) return { finished };
  }
  const checkpoint = requested.resume ? await readCheckpoint(runDir, requested) : null;
  if (checkpoint) {
    await removeOrphanTempFiles(runDir);
  } else {
    await clearRunOutputs(runDir, [params.copies.json, params.copies.html, params.copies.csv]);
    await fs.mkdir(runDir, { recursive: true });
    await writeRunParams(runDir, requested);
  }
  return { requested, params, runDir, imagesRoot, checkpoint, candidateManifest: resolved.manifest };
}
