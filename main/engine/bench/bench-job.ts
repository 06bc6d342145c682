/** The `bench` job: models from disk, inputs from a folder (or seeded noise), measured side by side. */
import os from 'node:os';
import path from 'node:path';
import type { BenchOptions, BenchResult } from '../../../shared/contract/jobs/bench.js';
import type { PreprocessSpec } from '../../../shared/preprocess.js';
import { describeEnvironment } from '../env/versions.js';
import { writeJsonAtomic } from '../io/atomic-write.js';
import type { JobContext } from '../jobs/context.js';
import { imageInputs, randomInputs, RANDOM_INPUT_COUNT, type InputSet } from './bench-inputs.js';
import { measureModels } from './measure-models.js';
import { readBenchModels } from './model-facts.js';
import { assertBatchFree } from './model-inputs.js';

/** Values in first-seen order without repeats. */
export function distinct(values: readonly number[]): number[] {
  return [...new Set(values)];
}

/** Images from the folder when one is given, else seeded random images (and the inputs' note says so). */
export async function benchInputs(
  params: { images: string | null; maxImages: number; seed: number },
  spec: PreprocessSpec,
  ctx: JobContext,
): Promise<InputSet> {
  ctx.progress('preparing inputs', 0, null);
  return params.images
    ? imageInputs(params.images, spec, params.maxImages, ctx.signal)
    : randomInputs(spec, Math.min(params.maxImages, RANDOM_INPUT_COUNT), params.seed);
}

/** Runs `parity bench`: reads the models, prepares the inputs, measures, and writes the JSON copy if asked. */
export async function benchJob(params: BenchOptions, ctx: JobContext): Promise<BenchResult> {
  ctx.progress('reading models', 0, null);
  const { models, spec } = await readBenchModels(params.models.map((m) => path.resolve(m)), params.preprocess);
  const batch = distinct(params.batch);
  assertBatchFree(models.map((m) => ({ label: m.label, inputs: [m.input] })), batch);
  const inputs = await benchInputs(params, spec, ctx);
  const measured = await measureModels(
    models,
    inputs,
    {
      threads: distinct(params.threads ?? [os.availableParallelism()]),
      batch,
      runs: params.runs,
      warmup: params.warmup,
      resamples: params.bootstrapResamples,
      seed: params.seed,
    },
    ctx,
  );
  const result: BenchResult = {
    ...measured,
    createdAt: new Date().toISOString(),
    environment: describeEnvironment(),
    json: params.json ? path.resolve(params.json) : null,
  };
  if (result.json) await writeJsonAtomic(result.json, result);
  return result;
}
