/** The engine's half of the output-kind registry agrees with the reader's half. */
import { describe, expect, it } from 'vitest';
import { kindEvaluator, recogniseOutput, RECOGNITION_ORDER } from '../../../main/engine/parity/kinds/registry.js';
import { OutputKindSchema } from '../../../shared/report/metrics.js';
import { OUTPUT_KINDS } from '../../../shared/report/output-kinds.js';

describe('output kind registry', () => {
  it('has an evaluator for every kind, generic last in recognition order', () => {
    for (const kind of OutputKindSchema.options) expect(kindEvaluator(kind).kind).toBe(kind);
    expect(RECOGNITION_ORDER.map((k) => k.kind).sort()).toEqual(OUTPUT_KINDS.map((k) => k.kind).sort());
    expect(RECOGNITION_ORDER.at(-1)!.kind).toBe('generic');
  });

  it("fills exactly the summary keys the reader's half lists for the kind", () => {
    for (const info of OUTPUT_KINDS) {
      expect(Object.keys(kindEvaluator(info.kind).aggregate().summary()).sort()).toEqual([...info.summaryKeys].sort());
    }
  });

  it('recognises a classifier, a map and anything else', () => {
    const sig = (shape: (number | string)[]) => ({ name: 'y', dtype: 'float32', shape });
    expect(recogniseOutput({ signature: sig(['N', 3]), dims: [1, 3], values: Float32Array.from([0.2, 0.3, 0.5]) })).toEqual({ kind: 'classification', classes: 3, logits: false });
    expect(recogniseOutput({ signature: sig([1, 1, 32, 32]), dims: [1, 1, 32, 32], values: new Float32Array(1024) })).toEqual({ kind: 'dense' });
    expect(recogniseOutput({ signature: sig([1, 7]), dims: [1, 1], values: new Float32Array(1) })).toEqual({ kind: 'generic' });
  });
});
