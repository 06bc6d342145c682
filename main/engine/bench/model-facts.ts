/**
 * What a benchmark states about each model besides time: file size, parameter count and FLOPs per inference at the
 * concrete input shape that is fed, plus the one image input all models must share. Read in two steps so that
 * the FLOPs probe (an extra ONNX Runtime session) runs after the timed and memory-measured work, not before it.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ParityError } from '../../../shared/errors.js';
import type { TensorSignature } from '../../../shared/model-info.js';
import type { PartialPreprocessSpec, PreprocessSpec } from '../../../shared/preprocess.js';
import { inspectLoadedModel, readModel, signatureOf } from '../onnx/index.js';
import { imageInputOf, sharedInputSpec } from './model-inputs.js';

export interface ModelFacts extends BenchModel {
  sizeBytes: number;
  parameterCount: number | null;
  /** FLOPs of one inference of one image ÷ 10⁹; null when a Conv/Gemm/MatMul shape stayed unknown. */
  gflops: number | null;
}

/** File names, with " #2", " #3" … added to repeats so every model has its own label. */
export function uniqueLabels(paths: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return paths.map((p) => {
    const base = path.basename(p);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base} #${n}`;
  });
}

async function assertModelFile(file: string): Promise<void> {
  const stat = await fs.stat(file).catch(() => null);
  if (!stat?.isFile()) throw new ParityError('BAD_OPTION', `Model not found: ${file}`, 'Check the path.');
}

export interface BenchModel {
  path: string;
  label: string;
  input: TensorSignature;
}

/**
 * Reads every model's input signature: the first model's input fixes the preprocessing (with the user's partial
 * spec) and every other model must take the same tensor (MODEL_MISMATCH otherwise).
 */
export async function readBenchModels(
  paths: readonly string[],
  preprocess: PartialPreprocessSpec | null,
): Promise<{ models: BenchModel[]; spec: PreprocessSpec }> {
  const labels = uniqueLabels(paths);
  const models: BenchModel[] = [];
  let spec: PreprocessSpec | null = null;
  for (const [i, file] of paths.entries()) {
    await assertModelFile(file);
    const graph = (await readModel(file)).proto.graph;
    const initializers = new Set(graph?.initializer.map((t) => t.name) ?? []);
    const inputs = (graph?.input ?? []).filter((v) => !initializers.has(v.name)).map(signatureOf);
    const label = labels[i]!;
    const input = imageInputOf({ label, inputs });
    if (spec === null) spec = sharedInputSpec([{ label, inputs }], preprocess);
    else sharedInputSpec([{ label: models[0]!.label, inputs: [models[0]!.input] }, { label, inputs }], specFields(spec, preprocess));
    models.push({ path: file, label, input });
  }
  return { models, spec: spec! };
}

/** Size, parameters and FLOPs of one inference of one image at the spec's shape (batch 1). */
export async function modelFacts(model: BenchModel, spec: PreprocessSpec): Promise<ModelFacts> {
  const shape = spec.layout === 'NCHW' ? [1, 3, spec.height, spec.width] : [1, spec.height, spec.width, 3];
  const info = await inspectLoadedModel(await readModel(model.path), { inputShapes: { [model.input.name]: shape } });
  return {
    ...model,
    sizeBytes: info.fileSizeBytes + info.externalDataBytes,
    parameterCount: info.parameterCount,
    gflops: info.flops === null || info.flopsUnknownNodes > 0 ? null : info.flops / 1e9,
  };
}

/** The resolved spec as a partial one, so later models are checked against exactly the first model's tensor. */
function specFields(spec: PreprocessSpec, preprocess: PartialPreprocessSpec | null): PartialPreprocessSpec {
  return { ...preprocess, width: spec.width, height: spec.height, layout: spec.layout };
}
