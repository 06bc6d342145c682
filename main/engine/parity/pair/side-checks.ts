/** Checks a side that is not a local model makes against the other side when the two are bound together. */
import type { Dim, TensorSignature } from '../../../../shared/model-info.js';
import { ParityError } from '../../../../shared/errors.js';

/** "[1, 3, ?, ?]" for a signature's shape. */
export function shapeText(shape: readonly Dim[] | null): string {
  return shape ? `[${shape.map((d) => (typeof d === 'number' ? d : typeof d === 'string' && d !== '' ? d : '?')).join(', ')}]` : 'unknown';
}

/** Fixed dims must agree; symbolic or unknown dims match anything. */
export function shapesMatch(a: readonly Dim[] | null, b: readonly Dim[] | null): boolean {
  if (!a || !b) return true;
  if (a.length !== b.length) return false;
  return a.every((d, i) => {
    const e = b[i];
    return typeof d !== 'number' || typeof e !== 'number' || d === e;
  });
}

/** Whether two dtypes hold the same kind of number: floats of any width with floats, integers with integers. */
export function sameNumberKind(a: string, b: string): boolean {
  const kind = (t: string): string => (t.startsWith('float') ? 'float' : /^u?int\d+$|^bool$/.test(t) ? 'int' : t);
  return kind(a) === kind(b);
}

/** MODEL_MISMATCH for an output whose dtypes or shapes cannot be compared, naming both sides' values. */
export function outputMismatch(
  name: string,
  mine: { what: string; dtype: string; shape: readonly Dim[] | null },
  theirs: { what: string; dtype: string; shape: readonly Dim[] | null },
  hint: string,
): ParityError {
  const differs = sameNumberKind(mine.dtype, theirs.dtype) ? 'shape' : 'dtype';
  return new ParityError(
    'MODEL_MISMATCH',
    `Output "${name}" is ${mine.dtype} ${shapeText(mine.shape)} in ${mine.what} but ${theirs.dtype} ${shapeText(theirs.shape)} in ${theirs.what}: the ${differs}s differ.`,
    hint,
  );
}

/** The one output of each side when both have exactly one, else null (names must then match as they are). */
export function singleOutputs(mine: readonly TensorSignature[], theirs: readonly TensorSignature[]): [TensorSignature, TensorSignature] | null {
  return mine.length === 1 && theirs.length === 1 ? [mine[0]!, theirs[0]!] : null;
}
