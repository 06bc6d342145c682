import { describe, expect, it } from 'vitest';
import { assertBatchFree, sharedInputSpec } from '../../../main/engine/bench/model-inputs.js';
import { uniqueLabels } from '../../../main/engine/bench/model-facts.js';
import { ParityError } from '../../../shared/errors.js';
import type { TensorSignature } from '../../../shared/model-info.js';

const input = (shape: TensorSignature['shape'], name = 'x', dtype = 'float32'): TensorSignature => ({ name, dtype, shape });

function caught(fn: () => unknown): ParityError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ParityError);
    return error as ParityError;
  }
  throw new Error('expected a ParityError');
}

describe('bench model inputs', () => {
  it('rejects a batch above 1 for a fixed batch dimension, naming the model, input and dim', () => {
    const models = [
      { label: 'free.onnx', inputs: [input(['N', 3, 48, 192])] },
      { label: 'fixed.onnx', inputs: [input([1, 3, 48, 192], 'image')] },
    ];
    expect(() => assertBatchFree(models, [1])).not.toThrow();
    const error = caught(() => assertBatchFree(models, [1, 4]));
    expect(error.code).toBe('BAD_OPTION');
    expect(error.message).toMatch(/--batch 4: fixed\.onnx input "image" has a fixed batch dimension \(dim 0 = 1\)/);
    expect(() => assertBatchFree([models[0]!], [8])).not.toThrow();
  });

  it('resolves one preprocessing for all models and rejects a model that takes another tensor', () => {
    const spec = sharedInputSpec(
      [
        { label: 'a.onnx', inputs: [input(['N', 3, 48, 192])] },
        { label: 'b.onnx', inputs: [input(['batch', 3, 'h', 'w'], 'other_name')] },
      ],
      null,
    );
    expect([spec.width, spec.height, spec.layout, spec.dtype]).toEqual([192, 48, 'NCHW', 'float32']);
    const mismatch = caught(() =>
      sharedInputSpec([{ label: 'a.onnx', inputs: [input(['N', 3, 48, 192])] }, { label: 'c.onnx', inputs: [input(['N', 3, 224, 224])] }], null),
    );
    expect(mismatch.code).toBe('MODEL_MISMATCH');
    expect(mismatch.message).toMatch(/c\.onnx cannot take the input a\.onnx takes \(192×48 NCHW float32\)/);
    const twoInputs = caught(() => sharedInputSpec([{ label: 'd.onnx', inputs: [input([1, 3, 8, 8]), input([1], 'scale')] }], null));
    expect(twoInputs.code).toBe('UNSUPPORTED');
  });

  it('labels repeated file names apart', () => {
    expect(uniqueLabels(['/a/m.onnx', '/b/m.onnx', '/c/n.onnx', '/d/m.onnx'])).toEqual(['m.onnx', 'm.onnx #2', 'n.onnx', 'm.onnx #3']);
  });
});
