import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompareParamsSchema } from '../../../shared/contract/jobs/compare.js';
import { resolveCandidate, variantKey } from '../../../main/engine/convert/variant-cache.js';
import { locateSample } from '../../../main/engine/samples/index.js';
import { removeTempDirs, tempDir } from '../onnx/model-builders.js';
import { convert, jobContext } from './helpers.js';

const sample = locateSample();
let cache: string;
const previous = process.env.PARITY_CACHE_DIR;

beforeAll(() => {
  cache = tempDir('parity-cache-');
  process.env.PARITY_CACHE_DIR = cache;
});
afterAll(() => {
  if (previous === undefined) delete process.env.PARITY_CACHE_DIR;
  else process.env.PARITY_CACHE_DIR = previous;
  removeTempDirs();
});

function params(extra: Record<string, unknown>) {
  return CompareParamsSchema.parse({ reference: sample.modelPath, images: sample.imagesDir, preprocess: sample.preprocess, runDir: path.join(cache, 'run'), ...extra });
}

describe('variants converted on the fly for compare --candidate-recipe', () => {
  it('converts once into the cache and reuses the file on the next run', async () => {
    const first = await resolveCandidate(params({ candidateRecipe: { recipe: 'fp16-weights', measureSpeed: false } }), jobContext());
    expect(first.path.startsWith(path.join(cache, 'variants'))).toBe(true);
    expect(first.manifest?.recipe).toBe('fp16-weights');
    const mtime = statSync(first.path).mtimeMs;
    const again = await resolveCandidate(params({ candidateRecipe: { recipe: 'fp16-weights', measureSpeed: false } }), jobContext());
    expect(again.path).toBe(first.path);
    expect(statSync(again.path).mtimeMs).toBe(mtime);
    expect(again.manifest?.output.sha256).toBe(first.manifest?.output.sha256);
    const other = await resolveCandidate(params({ candidateRecipe: { recipe: 'fp16', measureSpeed: false } }), jobContext());
    expect(path.dirname(other.path)).not.toBe(path.dirname(first.path));
  }, 120_000);

  it('keys on source hash, recipe, every option and the calibration folder', async () => {
    const sha = 'a'.repeat(64);
    const base = await variantKey(sha, { recipe: 'int8-static', calib: sample.imagesDir });
    expect(await variantKey(sha, { recipe: 'int8-static', calib: sample.imagesDir, calibSize: 500, seed: 0 })).toBe(base); // defaults spelled out
    expect(await variantKey(sha, { recipe: 'int8-static', calib: sample.imagesDir, seed: 1 })).not.toBe(base);
    expect(await variantKey('b'.repeat(64), { recipe: 'int8-static', calib: sample.imagesDir })).not.toBe(base);
    expect(await variantKey(sha, { recipe: 'int8-dynamic', calib: sample.imagesDir })).not.toBe(base);
    const changed = tempDir('parity-calib-');
    writeFileSync(path.join(changed, 'a.png'), 'not really');
    expect(await variantKey(sha, { recipe: 'int8-static', calib: changed })).not.toBe(base);
  });

  it('reads the manifest next to a given candidate, and only when it describes that file', async () => {
    const out = path.join(tempDir('parity-given-'), 'cls.fp16.onnx');
    await convert({ model: sample.modelPath, recipe: 'fp16', output: out, measureSpeed: false });
    const given = await resolveCandidate(params({ candidate: out }), jobContext());
    expect(given.manifest?.recipe).toBe('fp16');
    writeFileSync(out, Buffer.concat([Buffer.from(statSync(out).size.toString())]));
    expect((await resolveCandidate(params({ candidate: out }), jobContext())).manifest).toBeNull();
  }, 120_000);

  it('refuses both a candidate file and a recipe, and neither', async () => {
    await expect(resolveCandidate(params({ candidate: sample.modelPath, candidateRecipe: { recipe: 'fp16' } }), jobContext())).rejects.toMatchObject({ code: 'BAD_OPTION' });
    await expect(resolveCandidate(params({}), jobContext())).rejects.toMatchObject({ code: 'BAD_OPTION' });
  });
});
