/**
 * The spec Parity proposes from a model file: fields read from the input shape are marked "model", from exporters'
 * metadata_props "metadata", and conventions "guess" — checked on real model files built in code and on the
 * PaddleOCR classifier, through the inspect job as `parity inspect` runs it.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { create } from '@bufbuild/protobuf';
import { handlers } from '../../../main/engine/jobs/handlers.js';
import { createJobContext } from '../../../main/engine/jobs/context.js';
import { proposePreprocess, resolvePreprocessSpec } from '../../../main/engine/images/index.js';
import { StringStringEntryProtoSchema, TensorProto_DataType, writeModel } from '../../../main/engine/onnx/index.js';
import { CLS_MODEL, modelOf, node, removeTempDirs, tempDir, valueInfo } from '../onnx/model-builders.js';

afterAll(removeTempDirs);
const F = TensorProto_DataType.FLOAT;

async function inspect(file: string): ReturnType<typeof handlers.inspect> {
  return handlers.inspect({ model: file }, createJobContext('t', new AbortController().signal, () => {}, () => {}));
}

describe('proposed preprocessing', () => {
  it('a 1000-class NCHW classifier: size and layout from the model, ImageNet crop 0.875 and mean/std as guesses', () => {
    const p = proposePreprocess([{ name: 'input', dtype: 'float32', shape: ['batch', 3, 224, 224] }], [{ name: 'logits', dtype: 'float32', shape: ['batch', 1000] }], {})!;
    expect(p.spec).toMatchObject({ layout: 'NCHW', width: 224, height: 224, resize: 'crop', cropFraction: 0.875, mean: [0.485, 0.456, 0.406] });
    expect(p.fields.width!.source).toBe('model');
    expect(p.fields.cropFraction!.source).toBe('guess');
    expect(p.fields.mean!.why).toMatch(/ImageNet/);
    // The proposal is a valid spec for the model.
    expect(resolvePreprocessSpec(p.spec, { name: 'input', dtype: 'float32', shape: ['batch', 3, 224, 224] }).cropFraction).toBe(0.875);
  });

  it('a TF-style NHWC grayscale input with a fixed batch of 4', () => {
    const p = proposePreprocess([{ name: 'input_1:0', dtype: 'float32', shape: [4, 28, 28, 1] }], [{ name: 'y', dtype: 'float32', shape: [4, 10] }], {})!;
    expect(p.spec).toMatchObject({ layout: 'NHWC', colorOrder: 'GRAY', batch: 4, width: 28 });
    expect(p.fields.colorOrder).toEqual({ source: 'model', why: 'one channel' });
  });

  it('uint8 inputs get no scale/mean/std; several inputs get no proposal', () => {
    const p = proposePreprocess([{ name: 'pixels', dtype: 'uint8', shape: ['b', 224, 224, 3] }], [], {})!;
    expect(p.spec.dtype).toBe('uint8');
    expect(p.spec.mean).toBeUndefined();
    expect(proposePreprocess([{ name: 'a', dtype: 'float32', shape: null }, { name: 'b', dtype: 'float32', shape: null }], [], {})).toBeNull();
  });

  it('reads Ultralytics and Windows ML metadata_props from a model file, through the inspect job', async () => {
    const dir = tempDir();
    const model = modelOf({ nodes: [node('Relu', ['images'], ['output0'])], inputs: [valueInfo('images', F, [1, 3, 320, 320])], outputs: [valueInfo('output0', F, [1, 3, 320, 320])] });
    const meta = (key: string, value: string) => create(StringStringEntryProtoSchema, { key, value });
    model.metadataProps = [meta('author', 'Ultralytics'), meta('stride', '32'), meta('imgsz', '[320, 320]'), meta('task', 'detect')];
    const yolo = path.join(dir, 'yolo.onnx');
    await writeModel(model, yolo);
    const info = await inspect(yolo);
    expect(info.metadata.imgsz).toBe('[320, 320]');
    expect(info.proposedPreprocess!.spec).toMatchObject({ resize: 'letterbox', anchor: 'center', pad: 114, colorOrder: 'RGB', scale: 255 });
    expect(info.proposedPreprocess!.fields.pad!.source).toBe('metadata');

    model.metadataProps = [meta('Image.BitmapPixelFormat', 'Bgr8'), meta('Image.NominalPixelRange', 'NominalRange_0_255')];
    const winml = path.join(dir, 'winml.onnx');
    await writeModel(model, winml);
    const p = (await inspect(winml)).proposedPreprocess!;
    expect(p.spec).toMatchObject({ colorOrder: 'BGR', scale: 1 });
    expect(p.fields.colorOrder!.source).toBe('metadata');
  });

  it('the PaddleOCR classifier: symbolic size is left for the user, the rest marked as guesses', async () => {
    const info = await inspect(CLS_MODEL);
    const p = info.proposedPreprocess!;
    expect(p.spec.width).toBeUndefined();
    expect(p.spec.layout).toBe('NCHW');
    expect(p.fields.colorOrder!.source).toBe('guess');
  });
});
