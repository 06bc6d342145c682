/** Decides, on the reference's first image, how each output is compared for the whole run. */
import type { CompareOptions } from '../../../../shared/contract/jobs/compare.js';
import { ParityError } from '../../../../shared/errors.js';
import type { TensorSignature } from '../../../../shared/model-info.js';
import type { OutputDescription } from '../../../../shared/report/report.js';
import { recogniseOutput } from '../kinds/registry.js';
import type { OutputTensors } from './pair-evaluator.js';

/** The output `name` of one model's results, or MODEL_MISMATCH when it did not produce it. */
export function outputOf<T>(results: Readonly<Record<string, T>>, name: string, model: 'reference' | 'candidate'): T {
  const out = results[name];
  if (!out) throw new ParityError('MODEL_MISMATCH', `The ${model} model did not produce output "${name}".`);
  return out;
}

/**
 * Each output's kind (and its kind fields: class count, logits) and tolerance, from the reference's first image;
 * the decision then holds for the whole run so that every image is measured the same way.
 */
export function planOutputs(
  signatures: readonly TensorSignature[],
  firstReference: OutputTensors,
  params: Pick<CompareOptions, 'tolerance' | 'outputTolerances'>,
): OutputDescription[] {
  return signatures.map((signature) => {
    const out = outputOf(firstReference, signature.name, 'reference');
    const recognised = recogniseOutput({ signature, dims: out.dims, values: out.data });
    const description: OutputDescription = {
      name: signature.name,
      kind: recognised.kind,
      tolerance: params.outputTolerances[signature.name] ?? params.tolerance,
    };
    if (recognised.classes !== undefined) description.classes = recognised.classes;
    if (recognised.logits !== undefined) description.logits = recognised.logits;
    return description;
  });
}
