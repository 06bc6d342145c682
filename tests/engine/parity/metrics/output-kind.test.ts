import { describe, expect, it } from 'vitest';
import type { TensorSignature } from '../../../../shared/model-info.js';
import { classificationLayout, looksLikeProbabilities, type FloatArray } from '../../../../main/engine/parity/metrics/index.js';
import { recogniseOutput } from '../../../../main/engine/parity/kinds/registry.js';

const sig = (shape: TensorSignature['shape'], dtype = 'float32'): TensorSignature => ({ name: 'out', dtype, shape });
/** The kind the registry gives an output, from its signature, dims and the reference's values on the first image. */
const detectOutputKind = (signature: TensorSignature, dims: readonly number[], values: FloatArray) => recogniseOutput({ signature, dims, values });
const zeros = (n: number): Float32Array => new Float32Array(n);
/** n rows of a uniform distribution over c classes. */
const uniform = (n: number, c: number): Float32Array => new Float32Array(n * c).fill(1 / c);

describe('the output kind registry', () => {
  it('sees class probabilities and logits of a classifier', () => {
    expect(detectOutputKind(sig(['N', 2]), [1, 2], Float32Array.from([0.3, 0.7]))).toEqual({
      kind: 'classification',
      classes: 2,
      logits: false,
    });
    expect(detectOutputKind(sig(['N', 3]), [1, 3], Float32Array.from([2, 1, 0]))).toEqual({
      kind: 'classification',
      classes: 3,
      logits: true,
    });
    // in [0,1] but not summing to 1 (sigmoid multi-label scores) → softmax applied
    expect(detectOutputKind(sig([1, 3]), [1, 3], Float32Array.from([0.9, 0.8, 0.1])).logits).toBe(true);
    // sums to 1 within 1e-3
    expect(detectOutputKind(sig([1, 2]), [1, 2], Float32Array.from([0.3, 0.7009])).logits).toBe(false);
  });

  it('accepts unit dims around the classes: [N,1,1,C], [N,C,1,1], [C]', () => {
    expect(detectOutputKind(sig([1, 1000, 1, 1]), [1, 1000, 1, 1], zeros(1000))).toMatchObject({
      kind: 'classification',
      classes: 1000,
    });
    expect(detectOutputKind(sig([1, 1, 1, 10]), [1, 1, 1, 10], zeros(10)).classes).toBe(10);
    expect(detectOutputKind(sig([1, 4, 1]), [1, 4, 1], zeros(4)).classes).toBe(4);
    expect(detectOutputKind(sig([5]), [5], uniform(1, 5))).toEqual({ kind: 'classification', classes: 5, logits: false });
  });

  it('sees a sequence [N,T,C] by its probability rows or by a fixed C with a dynamic T', () => {
    expect(detectOutputKind(sig(['N', 'T', 6625]), [1, 40, 6625], uniform(40, 6625))).toEqual({ kind: 'sequence', classes: 6625 });
    // logits, but the signature fixes C and leaves T dynamic
    expect(detectOutputKind(sig(['N', 'T', 30]), [1, 12, 30], zeros(360))).toEqual({ kind: 'sequence', classes: 30 });
    // a detector's fixed [1, anchors, 4 + classes] is not a sequence
    expect(detectOutputKind(sig([1, 3549, 85]), [1, 3549, 85], zeros(3549 * 85)).kind).not.toBe('sequence');
  });

  it('sees dense maps [N,1,H,W], [N,C,H,W] and [N,H,W]', () => {
    expect(detectOutputKind(sig(['N', 1, 'H', 'W']), [1, 1, 64, 48], zeros(64 * 48))).toEqual({ kind: 'dense' });
    expect(detectOutputKind(sig([1, 21, 32, 32]), [1, 21, 32, 32], zeros(21 * 1024))).toEqual({ kind: 'dense' });
    expect(detectOutputKind(sig([1, 64, 64]), [1, 64, 64], zeros(4096))).toEqual({ kind: 'dense' });
  });

  it('falls back to generic for everything else', () => {
    // single score, boxes [N,K,4], integer output, scalar
    expect(detectOutputKind(sig([1, 1]), [1, 1], zeros(1)).kind).toBe('generic');
    expect(detectOutputKind(sig([1, 100, 4]), [1, 100, 4], zeros(400)).kind).toBe('generic');
    expect(detectOutputKind(sig([1, 10], 'int64'), [1, 10], zeros(10)).kind).toBe('generic');
    expect(detectOutputKind(sig([]), [], zeros(1)).kind).toBe('generic');
  });
});

describe('classificationLayout', () => {
  it('splits outputs into rows of classes', () => {
    expect(classificationLayout([1, 2])).toEqual({ rows: 1, classes: 2 });
    expect(classificationLayout([4, 10])).toEqual({ rows: 4, classes: 10 });
    expect(classificationLayout([1, 40, 6625])).toEqual({ rows: 40, classes: 6625 });
    expect(classificationLayout([2, 1000, 1, 1])).toEqual({ rows: 2, classes: 1000 });
    expect(classificationLayout([7])).toEqual({ rows: 1, classes: 7 });
  });
});

describe('looksLikeProbabilities', () => {
  it('needs every value in [0,1] and every row summing to 1 ± 1e-3', () => {
    expect(looksLikeProbabilities(Float32Array.from([0.5, 0.5, 1, 0]), 2)).toBe(true);
    expect(looksLikeProbabilities(Float32Array.from([0.5, 0.5, 0.6, 0.6]), 2)).toBe(false);
    expect(looksLikeProbabilities(Float32Array.from([1.5, -0.5]), 2)).toBe(false);
    expect(looksLikeProbabilities(Float32Array.from([NaN, 1]), 2)).toBe(false);
    expect(looksLikeProbabilities(Float32Array.from([0.4995, 0.4995]), 2)).toBe(true);
    expect(looksLikeProbabilities(Float32Array.from([0.499, 0.499]), 2)).toBe(false);
  });
});
