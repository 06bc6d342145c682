import { describe, expect, it } from 'vitest';
import { resolvePreprocessSpec } from '../../../main/engine/images/index.js';
import type { TensorSignature } from '../../../shared/model-info.js';
import type { PartialPreprocessSpec } from '../../../shared/preprocess.js';
import { resolveFailure } from './fixtures.js';

/** The PaddleOCR classifier's input, as paddle2onnx exported it. */
const CLS: TensorSignature = {
  name: 'x',
  dtype: 'float32',
  shape: ['p2o.DynamicDimension.0', 3, 'p2o.DynamicDimension.1', 'p2o.DynamicDimension.2'],
};
/** The PaddleOCR recogniser's input: fixed height 48, symbolic width. */
const REC: TensorSignature = { name: 'x', dtype: 'float32', shape: ['p2o.DynamicDimension.0', 3, 48, 'p2o.DynamicDimension.1'] };

const failure = resolveFailure;

describe('resolvePreprocessSpec', () => {
  it('names both symbolic dims and the fields to give, with a JSON example', () => {
    const error = failure(null, CLS);
    expect(error.code).toBe('BAD_OPTION');
    expect(error.message).toBe(
      `The model's input x has symbolic height and width (p2o.DynamicDimension.1, p2o.DynamicDimension.2); give "height" and "width" in the preprocessing (--preprocess).`,
    );
    expect(JSON.parse(error.hint?.match(/\{[^}]*\}/)?.[0] ?? 'null')).toEqual({ height: 224, width: 224 });
  });

  it('asks only for what is missing: the recogniser needs width, not height', () => {
    const error = failure({ colorOrder: 'BGR' }, REC);
    expect(error.message).toMatch(/symbolic width \(p2o\.DynamicDimension\.1\); give "width" in the preprocessing \(--preprocess\)/);
    expect(error.message).not.toMatch(/height/);
  });

  it('completes the classifier spec from the model and the user', () => {
    const spec = resolvePreprocessSpec({ width: 192, height: 48, colorOrder: 'BGR', mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] }, CLS);
    expect(spec).toEqual({
      resize: 'stretch',
      width: 192,
      height: 48,
      colorOrder: 'BGR',
      layout: 'NCHW',
      scale: 255,
      mean: [0.5, 0.5, 0.5],
      std: [0.5, 0.5, 0.5],
      dtype: 'float32',
    });
  });

  it('takes fixed sizes and NHWC layout from the shape, and uint8 means raw pixels', () => {
    const spec = resolvePreprocessSpec(null, { name: 'images', dtype: 'uint8', shape: [1, 320, 256, 3] });
    expect(spec).toMatchObject({ width: 256, height: 320, layout: 'NHWC', dtype: 'uint8', scale: 1, mean: [0, 0, 0], std: [1, 1, 1] });
  });

  it('reads a fixed NCHW float input without any user value', () => {
    const spec = resolvePreprocessSpec(null, { name: 'input', dtype: 'float32', shape: [1, 3, 224, 224] });
    expect(spec).toMatchObject({ width: 224, height: 224, layout: 'NCHW', dtype: 'float32', scale: 255, resize: 'stretch' });
  });

  it('rejects a user size that contradicts a fixed one', () => {
    const error = failure({ height: 64, width: 320 }, REC);
    expect(error.code).toBe('BAD_OPTION');
    expect(error.message).toMatch(/height 64 .* fixed at height 48/);
  });

  it('rejects models that take neither 3 nor 1 channels', () => {
    const twoChannels = failure(null, { name: 'x', dtype: 'float32', shape: [1, 2, 28, 28] });
    expect(twoChannels.code).toBe('UNSUPPORTED');
    expect(twoChannels.message).toMatch(/no 3-channel \(RGB\/BGR\) or 1-channel \(GRAY\) axis/);
    const wrongLayout = failure({ layout: 'NHWC' }, { name: 'x', dtype: 'float32', shape: [1, 3, 32, 32] });
    expect(wrongLayout.code).toBe('BAD_OPTION');
    expect(wrongLayout.message).toMatch(/32 channels/);
  });

  it('asks for the layout when the channel axis cannot be seen', () => {
    const error = failure({ width: 64, height: 64 }, { name: 'x', dtype: 'float32', shape: ['n', 'c', 'h', 'w'] });
    expect(error.code).toBe('BAD_OPTION');
    expect(error.message).toMatch(/give "layout"/);
    expect(resolvePreprocessSpec({ width: 64, height: 64, layout: 'NHWC' }, { name: 'x', dtype: 'float32', shape: ['n', 'c', 'h', 'w'] }).layout).toBe('NHWC');
  });

  it('needs width, height and layout when the shape is unknown', () => {
    const error = failure({ width: 10 }, { name: 'x', dtype: 'float32', shape: null });
    expect(error.message).toMatch(/unknown shape; give "height" and "layout"/);
  });

  it('refuses non-4-D inputs and unsupported dtypes; fills a fixed batch above 1', () => {
    expect(failure(null, { name: 'x', dtype: 'float32', shape: [3, 224, 224] }).code).toBe('UNSUPPORTED');
    expect(resolvePreprocessSpec(null, { name: 'x', dtype: 'float32', shape: [8, 3, 224, 224] }).batch).toBe(8);
    expect(failure(null, { name: 'x', dtype: 'float16', shape: [1, 3, 224, 224] }).message).toMatch(/float16/);
  });

  it('refuses normalisation for uint8 inputs and invalid values', () => {
    const uint8: TensorSignature = { name: 'x', dtype: 'uint8', shape: [1, 3, 8, 8] };
    expect(failure({ mean: [0.5, 0.5, 0.5] }, uint8).code).toBe('BAD_OPTION');
    expect(failure({ dtype: 'float32' }, uint8).message).toMatch(/dtype float32/);
    const zeroStd = failure({ std: [1, 0, 1] }, CLS);
    expect(zeroStd.code).toBe('BAD_OPTION');
    expect(zeroStd.message).toMatch(/std/);
    const unknownKey = failure({ width: 4, height: 4, colour: 'RGB' } as unknown as PartialPreprocessSpec, CLS);
    expect(unknownKey.message).toMatch(/colour/);
  });
});
