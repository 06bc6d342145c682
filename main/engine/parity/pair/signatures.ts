/** Checks that a reference and a candidate model can be compared: same inputs, same outputs, compatible types. */
import type { TensorSignature } from '../../../../shared/model-info.js';
import { ParityError } from '../../../../shared/errors.js';
import { shapeText, shapesMatch } from './side-checks.js';

export interface ModelSignature {
  inputs: TensorSignature[];
  outputs: TensorSignature[];
}

/**
 * Throws MODEL_MISMATCH naming the first input or output that does not correspond. A side that declares no inputs
 * (saved outputs, a server without metadata) is checked on its outputs only, and so is a candidate that takes the
 * decoded image (a bundle).
 */
export function assertModelsCorrespond(reference: ModelSignature, candidate: ModelSignature, candidateTakesImage = false): void {
  const hint = 'Compare a model with a variant of itself: same input and output names, dtypes and shapes.';
  const bothFed = !candidateTakesImage && reference.inputs.length > 0 && candidate.inputs.length > 0;
  for (const kind of bothFed ? (['inputs', 'outputs'] as const) : (['outputs'] as const)) {
    const noun = kind === 'inputs' ? 'input' : 'output';
    const candByName = new Map(candidate[kind].map((t) => [t.name, t]));
    for (const ref of reference[kind]) {
      const cand = candByName.get(ref.name);
      if (!cand) {
        const names = candidate[kind].map((t) => t.name).join(', ') || 'none';
        throw new ParityError(
          'MODEL_MISMATCH',
          `The candidate has no ${noun} named "${ref.name}" (its ${kind}: ${names}).`,
          hint,
        );
      }
      if (cand.dtype !== ref.dtype && kind === 'inputs') {
        throw new ParityError(
          'MODEL_MISMATCH',
          `Input "${ref.name}" is ${ref.dtype} in the reference but ${cand.dtype} in the candidate.`,
          hint,
        );
      }
      if (!shapesMatch(ref.shape, cand.shape)) {
        throw new ParityError(
          'MODEL_MISMATCH',
          `The ${noun} "${ref.name}" has shape ${shapeText(ref.shape)} in the reference but ${shapeText(cand.shape)} in the candidate.`,
          hint,
        );
      }
    }
    if (kind === 'inputs' && candidate.inputs.length > reference.inputs.length) {
      const extra = candidate.inputs.filter((t) => !reference.inputs.some((r) => r.name === t.name)).map((t) => t.name);
      throw new ParityError('MODEL_MISMATCH', `The candidate has inputs the reference lacks: ${extra.join(', ')}.`, hint);
    }
  }
  const fed = reference.inputs.length > 0 ? reference : candidate;
  if (fed.inputs.length > 1) {
    throw new ParityError(
      'UNSUPPORTED',
      `The model has ${fed.inputs.length} inputs (${fed.inputs.map((t) => t.name).join(', ')}); Parity compares image models with exactly one image input.`,
      'Export the model with a single image input (fold constant inputs into the graph).',
    );
  }
}
