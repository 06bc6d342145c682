/**
 * Variants converted on the fly for `compare --candidate-recipe`, cached under Parity's cache folder by a key of
 * the source's SHA-256, the recipe and every option (the calibration folder by its listing: names, sizes and
 * modification times), so that a rerun reuses the file and a changed input converts again.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { CandidateRecipe, CompareOptions } from '../../../shared/contract/jobs/compare.js';
import { ConversionOptionsSchema } from '../../../shared/contract/jobs/convert.js';
import { ParityError } from '../../../shared/errors.js';
import { ConversionManifestSchema, type ConversionManifest } from '../../../shared/report/conversion-manifest.js';
import { cacheDir } from '../env/data-dirs.js';
import { listImages } from '../images/index.js';
import type { JobContext } from '../jobs/context.js';
import { sha256File } from '../onnx/index.js';
import { convertModel } from './convert-model.js';
import { manifestPathFor } from './manifest.js';
import { pruneVariantCache, touchVariant } from './variant-cache-prune.js';
import { canonicalJson } from '../io/canonical-json.js';

export interface ResolvedCandidate {
  path: string;
  /** The candidate's conversion manifest: the one made here, or one found next to a given candidate file. */
  manifest: ConversionManifest | null;
}

/** Reads `<name>.manifest.json` next to a model when it is a valid manifest describing that very file. */
export async function readManifestFor(modelPath: string): Promise<ConversionManifest | null> {
  const text = await fs.readFile(manifestPathFor(modelPath), 'utf8').catch(() => null);
  if (text === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = ConversionManifestSchema.safeParse(json);
  if (!parsed.success) return null;
  const sha = await sha256File(modelPath).catch(() => null);
  return sha === parsed.data.output.sha256 ? parsed.data : null;
}

async function calibrationFingerprint(dir: string | null): Promise<string | null> {
  if (dir === null) return null;
  const listing = await listImages(dir, { withLabels: false }).catch(() => null);
  if (listing === null) return `missing:${path.resolve(dir)}`;
  const hash = createHash('sha256');
  for (const e of listing.entries) {
    const stat = await fs.stat(e.absPath);
    hash.update(`${e.relPath}\0${stat.size}\0${stat.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

/** The cache key of a conversion: source hash, recipe and the full option set (defaults included). */
export async function variantKey(sourceSha: string, recipe: CandidateRecipe): Promise<string> {
  const { recipe: name, ...rest } = recipe;
  const options = ConversionOptionsSchema.parse(rest);
  const calibration = await calibrationFingerprint(options.calib);
  const text = canonicalJson({ format: 1, sourceSha, recipe: name, options, calibration });
  return createHash('sha256').update(text).digest('hex').slice(0, 24);
}

/** The candidate model of a comparison: the given file, or the reference converted with the requested recipe. */
export async function resolveCandidate(params: CompareOptions, ctx: JobContext): Promise<ResolvedCandidate> {
  const recipe = params.candidateRecipe;
  if (recipe === null) {
    if (params.candidate === '') throw new ParityError('BAD_OPTION', 'No candidate model: give a candidate file or a candidate recipe.', 'e.g. parity compare ref.onnx --candidate-recipe int8-static --calib <dir> --images <dir>');
    return { path: params.candidate, manifest: await readManifestFor(params.candidate) };
  }
  if (params.candidate !== '') {
    throw new ParityError('BAD_OPTION', 'Give either a candidate model or --candidate-recipe, not both.', 'Drop one of them.');
  }
  const source = path.resolve(params.reference);
  const sha = await sha256File(source).catch(() => {
    throw new ParityError('BAD_OPTION', `Model not found: ${source}`, 'Check the path.');
  });
  const key = await variantKey(sha, { ...recipe, preprocess: recipe.preprocess ?? params.preprocess });
  const output = path.join(cacheDir(), 'variants', key, `${path.parse(source).name}.${recipe.recipe}.onnx`);
  const cached = await readManifestFor(output);
  const folder = path.dirname(output);
  if (cached !== null && cached.source.sha256 === sha) {
    ctx.log('info', `using the cached ${recipe.recipe} variant ${output}`);
    await touchVariant(folder);
    return { path: output, manifest: cached };
  }
  const { recipe: name, ...options } = recipe;
  const result = await convertModel({ ...ConversionOptionsSchema.parse({ ...options, preprocess: recipe.preprocess ?? params.preprocess }), model: source, recipe: name, output }, ctx);
  await touchVariant(folder);
  for (const dir of await pruneVariantCache(path.dirname(folder), folder)) ctx.log('info', `variant cache: removed the least recently used ${dir}`);
  return { path: result.output, manifest: result.manifest };
}
