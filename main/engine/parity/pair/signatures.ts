/** Checks that a reference and a candidate model can be compared: same inputs, same outputs, compatible types. */
import type { TensorSignature, Dim } from '../../../../shared/model-info.js';
import { ParityError } from '../../../../shared/errors.js';

export interface ModelSignature {
  inputs: TensorSignature[];
  outputs: TensorSignature[];
}

function shapeText(shape: Dim[] | null): string {
  return shape ? `[${shape.map((d) => (d === null ? '?' : d)).join(', ')}]` : 'unknown';
}

/** Fixed dims must agree; symbolic or unknown dims match anything. */
function shapesCompatible(a: Dim[] | null, b: Dim[] | null): boolean {
  if (!a || !b) return true;
  if (a.length !== b.length) return false;
  return a.every((d, i) => {
    const e = b[i];
    return typeof d !== 'number' || typeof e !== 'number' || d === e;
  });
}

/** Throws MODEL_MISMATCH naming the first input or output that does not correspond. */
export function assertModelsCorrespond(reference: ModelSignature, candidate: ModelSignature): void {
  const hint = 'Compare a model with a variant of itself: same input and output names, dtypes and shapes.';
  for (const kind of ['inputs', 'outputs'] as const) {
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
      if (!shapesCompatible(ref.shape, cand.shape)) {
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
  if (reference.inputs.length !== 1) {
    throw new ParityError(
      'UNSUPPORTED',
      `The model has ${reference.inputs.length} inputs (${reference.inputs.map((t) => t.name).join(', ')}); Parity compares image models with exactly one image input.`,
      'Export the model with a single image input (fold constant inputs into the graph).',
    );
  }
}
