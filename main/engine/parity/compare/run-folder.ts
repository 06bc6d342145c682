/**
 * Phase 1 of a comparison: the run folder. A fresh run starts from a clean folder and saves what it was asked;
 * `--resume` continues from the folder's checkpoint, or answers from its report when the run had finished.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { candidateSources, type CompareOptions, type CompareResult } from '../../../../shared/contract/jobs/compare.js';
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
  /** Every candidate of the run resolved to a file, the first (params.candidate) included. */
  candidates: RunCandidate[];
}

/** A candidate of the run as a file, with the name the views give it. */
export interface RunCandidate {
  /** The recipe of a converted variant, else the file's name; unique in the run. */
  name: string;
  path: string;
  manifest: ConversionManifest | null;
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
  if (requested.moreCandidates.length > 0 && requested.shard !== null) {
    throw new ParityError(
      'BAD_OPTION',
      'A sharded run compares one candidate (`parity merge` joins one candidate per shard).',
      'Shard one candidate per run (--shard k/N with one candidate file or recipe), or compare the candidates side by side without --shard.',
    );
  }
  // Conversion area: a --candidate-recipe becomes a cached variant of the reference; a candidate's manifest is kept.
  if (requested.moreCandidates.length > 0 && (requested.referenceOutputs !== null || requested.referenceUrl !== null || requested.candidateUrl !== null)) {
    throw new ParityError(
      'BAD_OPTION',
      'Several candidates are compared as local model files only (no saved outputs or endpoints in such a run).',
      'Compare an endpoint or saved outputs with one candidate per run.',
    );
  }
  const candidates: RunCandidate[] = requested.candidateUrl !== null ? [{ name: requested.candidateUrl, path: '', manifest: null }] : await resolveCandidates(requested, ctx);
  const first = candidates[0]!;
  const params: CompareOptions = { ...requested, candidate: first.path };
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
  return { requested, params, runDir, imagesRoot, checkpoint, candidateManifest: first.manifest, candidates };
}

/** Every candidate as a file (recipes converted or taken from the cache), named for the views. */
async function resolveCandidates(requested: CompareOptions, ctx: JobContext): Promise<RunCandidate[]> {
  const candidates: RunCandidate[] = [];
  const taken = new Set<string>();
  for (const source of candidateSources(requested)) {
    const resolved = await resolveCandidate({ ...requested, ...source }, ctx);
    const base = source.candidateRecipe ? source.candidateRecipe.recipe : path.basename(resolved.path);
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base} (${n})`;
    taken.add(name);
    candidates.push({ name, path: resolved.path, manifest: resolved.manifest });
  }
  return candidates;
}
