import { ParityError } from '../../../../shared/errors.js';
import type { FloatArray } from './float-array.js';

/** Both models must produce the same number of elements for an output to be compared element by element. */
export function assertSameLength(reference: FloatArray, candidate: FloatArray): void {
  if (reference.length !== candidate.length) {
    throw new ParityError(
      'MODEL_MISMATCH',
      `The candidate produced ${candidate.length} values where the reference produced ${reference.length}.`,
      'Compare a model with a variant of itself: both must give outputs of the same shape for the same input.',
    );
  }
}
