/**
 * Agreement of two CTC recognisers' [N, T, C] outputs: per position (the best class at each time step) and per
 * sequence (the symbols each decodes greedily), with the text of the first sequence when an alphabet is known.
 */
import type { SequenceMetrics } from '../../../../shared/report/metrics.js';
import { ctcCollapse, ctcText, editDistance, NO_CLASS, positionClasses, type CtcAlphabet } from './ctc.js';
import type { FloatArray } from './float-array.js';
import { assertSameLength } from './same-length.js';

/** Compares `candidate` with `reference`, both [N, T, C] as `dims` says; `alphabet` null leaves the texts out. */
export function sequenceMetrics(reference: FloatArray, candidate: FloatArray, dims: readonly number[], alphabet: CtcAlphabet | null): SequenceMetrics {
  assertSameLength(reference, candidate);
  const [sequences = 0, positions = 0, classes = 0] = dims;
  let agreeing = 0;
  let exact = 0;
  let edits = 0;
  let referenceLength = 0;
  const texts: { referenceText?: string; candidateText?: string } = {};
  for (let n = 0; n < sequences; n++) {
    const offset = n * positions * classes;
    const p = positionClasses(reference, offset, positions, classes);
    const q = positionClasses(candidate, offset, positions, classes);
    for (let t = 0; t < positions; t++) if (p[t] === q[t] && p[t] !== NO_CLASS) agreeing++;
    const a = ctcCollapse(p);
    const b = ctcCollapse(q);
    const distance = editDistance(a, b);
    if (distance === 0) exact++;
    edits += distance;
    referenceLength += a.length;
    if (n === 0 && alphabet) {
      texts.referenceText = ctcText(a, alphabet);
      texts.candidateText = ctcText(b, alphabet);
    }
  }
  const total = sequences * positions;
  return {
    positions: total,
    positionAgreement: total === 0 ? 1 : agreeing / total,
    exactMatch: sequences === 0 ? 1 : exact / sequences,
    editDistance: edits,
    referenceLength,
    characterErrorRate: edits / Math.max(1, referenceLength),
    ...texts,
  };
}
