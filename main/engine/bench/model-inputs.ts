/**
 * Checks that every benched model takes the same image tensor (so all are fed the same inputs) and that a batch
 * size above 1 is only asked of models whose batch dimension is free.
 */
import { ParityError } from '../../../shared/errors.js';
import type { TensorSignature } from '../../../shared/model-info.js';
import type { PartialPreprocessSpec, PreprocessSpec } from '../../../shared/preprocess.js';
import { resolvePreprocessSpec } from '../images/index.js';

export interface BenchModelInput {
  label: string;
  inputs: readonly TensorSignature[];
}

/** The one image input of a model, or UNSUPPORTED naming its inputs. */
export function imageInputOf(model: BenchModelInput): TensorSignature {
  if (model.inputs.length !== 1) {
    throw new ParityError(
      'UNSUPPORTED',
      `${model.label} has ${model.inputs.length} inputs (${model.inputs.map((t) => t.name).join(', ') || 'none'}); Parity benchmarks image models with exactly one image input.`,
      'Export the model with a single image input (fold constant inputs into the graph).',
    );
  }
  return model.inputs[0]!;
}

/** The preprocessing of the first model's input; every other model must accept the same tensor. */
export function sharedInputSpec(models: readonly BenchModelInput[], partial: PartialPreprocessSpec | null): PreprocessSpec {
  const first = models[0]!;
  const spec = resolvePreprocessSpec(partial, imageInputOf(first));
  for (const model of models.slice(1)) {
    const input = imageInputOf(model);
    let theirs: PreprocessSpec;
    try {
      theirs = resolvePreprocessSpec({ ...partial, width: spec.width, height: spec.height, layout: spec.layout }, input);
    } catch (error) {
      const reason = error instanceof ParityError ? error.message : String(error);
      throw new ParityError(
        'MODEL_MISMATCH',
        `${model.label} cannot take the input ${first.label} takes (${spec.width}×${spec.height} ${spec.layout} ${spec.dtype}): ${reason}`,
        'Bench models that take the same input tensor (a model and its variants), or bench them separately.',
      );
    }
    if (theirs.dtype !== spec.dtype) {
      throw new ParityError(
        'MODEL_MISMATCH',
        `${model.label} takes ${theirs.dtype} input but ${first.label} takes ${spec.dtype}; both must be fed the same tensor.`,
        'Bench models that take the same input tensor (a model and its variants), or bench them separately.',
      );
    }
  }
  return spec;
}

/** BAD_OPTION naming the dimension when a batch above 1 is asked of a model whose batch dimension is fixed. */
export function assertBatchFree(models: readonly BenchModelInput[], batches: readonly number[]): void {
  const batch = batches.find((b) => b > 1);
  if (batch === undefined) return;
  for (const model of models) {
    const input = imageInputOf(model);
    const dim = input.shape?.[0];
    if (typeof dim === 'number' && dim > 0) {
      throw new ParityError(
        'BAD_OPTION',
        `--batch ${batch}: ${model.label} input "${input.name}" has a fixed batch dimension (dim 0 = ${dim}), so it only runs batches of ${dim}.`,
        'Use --batch 1, or re-export the model with a symbolic batch dimension (e.g. "N" or "batch").',
      );
    }
  }
}
