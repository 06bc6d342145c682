/**
 * CTC greedy decoding, edit distance and the sequence metrics against cases worked by hand. Class 0 is the blank;
 * the alphabet below is PaddleOCR-shaped: blank, the charset lines, then a space for the one class left over.
 */
import { describe, expect, it } from 'vitest';
import { ParityError } from '../../../../shared/errors.js';
import { ctcAlphabet, ctcCollapse, ctcText, editDistance, NO_CLASS, positionClasses } from '../../../../main/engine/parity/metrics/ctc.js';
import { sequenceMetrics } from '../../../../main/engine/parity/metrics/sequence.js';

const CHARSET = ['a', 'b', 'c', 'd'];
/** 6 classes: blank, a, b, c, d, space. */
const ALPHABET = ctcAlphabet(CHARSET, 6, 'out');

/** Scores [1, T, C] whose best class at position t is path[t] (0.9 there, the rest of the mass spread evenly). */
function scores(path: readonly number[], classes = 6): Float32Array {
  const out = new Float32Array(path.length * classes).fill(0.1 / (classes - 1));
  path.forEach((c, t) => (out[t * classes + c] = 0.9));
  return out;
}

describe('CTC greedy decoding', () => {
  it('collapses repeats, then drops blanks (a blank between two equal symbols keeps both)', () => {
    expect(ctcCollapse([1, 1, 0, 1, 2, 2, 0, 0, 3])).toEqual([1, 1, 2, 3]); // a a b c
    expect(ctcCollapse([0, 0, 0])).toEqual([]);
    expect(ctcCollapse([2, 2, 2, 2])).toEqual([2]);
    expect(ctcCollapse([0, 1, 0, 0, 1, 1, 0])).toEqual([1, 1]);
    expect(ctcCollapse([])).toEqual([]);
  });

  it('reads PaddleOCR-style alphabets: blank first, the charset, and a space for one class left over', () => {
    expect(ALPHABET).toEqual(['', 'a', 'b', 'c', 'd', ' ']);
    expect(ctcAlphabet(CHARSET, 5, 'out')).toEqual(['', 'a', 'b', 'c', 'd']);
    expect(ctcText([1, 5, 2, 4], ALPHABET)).toBe('a bd');
    expect(ctcText([3, NO_CLASS], ALPHABET)).toBe('c\uFFFD');
    const wrong = (() => {
      try {
        ctcAlphabet(CHARSET, 9, 'softmax_0');
      } catch (error) {
        return error;
      }
      return null;
    })();
    expect(wrong).toBeInstanceOf(ParityError);
    expect((wrong as ParityError).code).toBe('BAD_OPTION');
    expect((wrong as ParityError).message).toMatch(/4 symbols but output "softmax_0" scores 9 classes/);
  });

  it('takes the first best class on ties, and no class at a position holding NaN', () => {
    const values = Float32Array.from([0.2, 0.4, 0.4, /**/ 0.5, 0.5, 0, /**/ 0.1, Number.NaN, 0.3]);
    expect([...positionClasses(values, 0, 3, 3)]).toEqual([1, 0, NO_CLASS]);
    expect([...positionClasses(values, 3, 2, 3)]).toEqual([0, NO_CLASS]);
  });
});

describe('edit distance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance([], [])).toBe(0);
    expect(editDistance([1, 2, 3], [])).toBe(3);
    expect(editDistance([], [4, 4])).toBe(2);
    expect(editDistance([1, 2, 3], [1, 2, 3])).toBe(0);
    expect(editDistance([1, 2, 3], [1, 3])).toBe(1); // delete b
    expect(editDistance([1, 3], [1, 2, 3])).toBe(1); // insert b
    expect(editDistance([1, 2, 3], [1, 4, 3])).toBe(1); // substitute b → d
    // kitten → sitting: 3 (k→s, e→i, +g), on code points
    const codes = (s: string): number[] => [...s].map((c) => c.codePointAt(0)!);
    expect(editDistance(codes('kitten'), codes('sitting'))).toBe(3);
    expect(editDistance(codes('flaw'), codes('lawn'))).toBe(2);
  });
});

describe('sequence metrics', () => {
  it('of a model against itself: every position agrees, same text, CER 0', () => {
    const ref = scores([1, 1, 0, 2, 5, 3, 3, 0]);
    const m = sequenceMetrics(ref, ref.slice(), [1, 8, 6], ALPHABET);
    expect(m).toEqual({
      positions: 8,
      positionAgreement: 1,
      exactMatch: 1,
      editDistance: 0,
      referenceLength: 4,
      characterErrorRate: 0,
      referenceText: 'ab c',
      candidateText: 'ab c',
    });
  });

  it('positions can differ while the text is the same (a repeat moved into a blank)', () => {
    // ref: a a _ b → "ab"; cand: a _ _ b → "ab"; 1 of 4 positions differs
    const m = sequenceMetrics(scores([1, 1, 0, 2]), scores([1, 0, 0, 2]), [1, 4, 6], ALPHABET);
    expect(m.positionAgreement).toBe(0.75);
    expect(m.exactMatch).toBe(1);
    expect(m.characterErrorRate).toBe(0);
    expect(m.referenceText).toBe('ab');
  });

  it('a substitution and a lost symbol: CER = edits ÷ reference length', () => {
    // ref "abcd" (a _ b _ c _ d), cand "abd" with c read as … nothing, and b read as a: "aad"
    const ref = scores([1, 0, 2, 0, 3, 0, 4]);
    const cand = scores([1, 0, 1, 0, 0, 0, 4]);
    const m = sequenceMetrics(ref, cand, [1, 7, 6], ALPHABET);
    expect(m.referenceText).toBe('abcd');
    expect(m.candidateText).toBe('aad');
    expect(m.editDistance).toBe(2);
    expect(m.characterErrorRate).toBe(0.5);
    expect(m.exactMatch).toBe(0);
    expect(m.positionAgreement).toBeCloseTo(5 / 7, 12);
  });

  it('an empty reference counts as one symbol, so an inserted symbol is a CER of 1', () => {
    const m = sequenceMetrics(scores([0, 0, 0]), scores([0, 3, 0]), [1, 3, 6], ALPHABET);
    expect(m).toMatchObject({ referenceLength: 0, editDistance: 1, characterErrorRate: 1, referenceText: '', candidateText: 'c' });
  });

  it('counts every sequence of a batch, and keeps the first one’s text; leaves text out without an alphabet', () => {
    const ref = new Float32Array([...scores([1, 2]), ...scores([3, 3])]);
    const cand = new Float32Array([...scores([1, 2]), ...scores([3, 4])]);
    const m = sequenceMetrics(ref, cand, [2, 2, 6], null);
    expect(m).toEqual({ positions: 4, positionAgreement: 0.75, exactMatch: 0.5, editDistance: 1, referenceLength: 3, characterErrorRate: 1 / 3 });
  });

  it('decodes logits the same way (argmax needs no softmax)', () => {
    const logits = Float32Array.from([5, -1, 0, 0, 0, 0, /**/ -3, 2, 0, 0, 0, 0]);
    expect(sequenceMetrics(logits, logits.slice(), [1, 2, 6], ALPHABET).referenceText).toBe('a');
  });
});
