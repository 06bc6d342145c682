/**
 * CTC greedy decoding and edit distance: what a CRNN text recogniser's [N, T, C] output means once read. The blank is
 * class 0 (PaddleOCR, PyTorch's CTCLoss default and most CRNN exports).
 */
import { ParityError } from '../../../../shared/errors.js';
import type { FloatArray } from './float-array.js';

/** The CTC blank class. */
export const CTC_BLANK = 0;

/** The class of a position whose scores hold NaN: it agrees with nothing and decodes as an unknown symbol. */
export const NO_CLASS = -1;

/**
 * The best class of each of `positions` rows of `classes` scores starting at `offset` (the first on ties, as
 * numpy's argmax); NO_CLASS for a row holding NaN.
 */
export function positionClasses(values: FloatArray, offset: number, positions: number, classes: number): Int32Array {
  const out = new Int32Array(positions);
  for (let t = 0; t < positions; t++) {
    const start = offset + t * classes;
    let best = 0;
    let bestValue = -Infinity;
    let nan = false;
    for (let c = 0; c < classes; c++) {
      const v = values[start + c]!;
      if (v > bestValue) {
        bestValue = v;
        best = c;
      } else if (Number.isNaN(v)) {
        nan = true;
        break;
      }
    }
    out[t] = nan ? NO_CLASS : best;
  }
  return out;
}

/** CTC greedy decoding of a path of classes: runs of the same class collapse to one, then blanks are dropped. */
export function ctcCollapse(path: ArrayLike<number>): number[] {
  const out: number[] = [];
  let previous: number | null = null;
  for (let t = 0; t < path.length; t++) {
    const c = path[t]!;
    if (c !== previous && c !== CTC_BLANK) out.push(c);
    previous = c;
  }
  return out;
}

/** Levenshtein distance (insertions, deletions and substitutions cost 1) between two symbol sequences. */
export function editDistance(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let previous = new Int32Array(b.length + 1);
  let current = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    const ai = a[i - 1];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (ai === b[j - 1] ? 0 : 1);
      current[j] = Math.min(substitution, previous[j]! + 1, current[j - 1]! + 1);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length]!;
}

/** The symbol of each class (index 0, the blank, is ''), for turning decoded classes into text. */
export type CtcAlphabet = readonly string[];

/**
 * The alphabet of an output with `classes` classes from a charset file's symbols, by PaddleOCR's convention: the
 * blank first, then the charset in order, then — when one class is left over (its `use_space_char`) — a space.
 * BAD_OPTION when the counts fit neither.
 */
export function ctcAlphabet(charset: readonly string[], classes: number, output: string): CtcAlphabet {
  if (classes === charset.length + 1) return ['', ...charset];
  if (classes === charset.length + 2) return ['', ...charset, ' '];
  throw new ParityError(
    'BAD_OPTION',
    `The charset has ${charset.length} symbols but output "${output}" scores ${classes} classes.`,
    `A CTC recogniser scores the blank (class 0) and one class per charset line, plus a space last when the model was trained with one (PaddleOCR's use_space_char): ${classes - 1} or ${classes - 2} lines. Pass the charset the model was trained with.`,
  );
}

/** Decoded classes as text; a NO_CLASS position reads as U+FFFD. */
export function ctcText(symbols: readonly number[], alphabet: CtcAlphabet): string {
  return symbols.map((c) => (c === NO_CLASS ? '\uFFFD' : (alphabet[c] ?? '\uFFFD'))).join('');
}
