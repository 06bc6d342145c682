/**
 * The new input kinds end to end: models built in code with a GRAY NHWC input named like TensorFlow's (input_1:0), a
 * uint8 NHWC input, and a fixed batch of 4 go through int8-static (calibrated on BMP and PNG files) and the compare
 * pipeline, whose report records the spec it ran with.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompareParamsSchema } from '../../../shared/contract/jobs/compare.js';
import { PartialPreprocessSpecSchema } from '../../../shared/preprocess.js';
import { runComparison } from '../../../main/engine/parity/compare/run-comparison.js';
import { TensorProto_DataType, writeModel, type ModelProto } from '../../../main/engine/onnx/index.js';
import { floatTensor, intAttribute, intsAttribute, modelOf, node, removeTempDirs, tempDir, valueInfo } from '../onnx/model-builders.js';
import { convert, jobContext } from './helpers.js';

const F = TensorProto_DataType.FLOAT;
const U8 = TensorProto_DataType.UINT8;

function values(count: number, salt: number): number[] {
  return Array.from({ length: count }, (_, i) => Math.sin(i * 0.61 + salt) * 0.5);
}

/** input [batch, H, W, C] (NHWC) → Transpose → Conv 3×3 → Relu → GlobalAveragePool → Flatten → MatMul: 5 classes. */
function nhwcClassifier(name: string, batch: number | string, size: number, channels: number, dtype: number): ModelProto {
  const nodes = [];
  let x = name;
  if (dtype === U8) {
    nodes.push(node('Cast', [x], ['xf'], [intAttribute('to', F)], 'cast'));
    nodes.push(node('Mul', ['xf', 'inv255'], ['xs'], [], 'scale'));
    x = 'xs';
  }
  nodes.push(
    node('Transpose', [x], ['nchw'], [intsAttribute('perm', [0, 3, 1, 2])], 'to_nchw'),
    node('Conv', ['nchw', 'w1', 'b1'], ['c1'], [intsAttribute('pads', [1, 1, 1, 1])], 'conv1'),
    node('Relu', ['c1'], ['a1'], [], 'relu1'),
    node('GlobalAveragePool', ['a1'], ['p'], [], 'pool'),
    node('Flatten', ['p'], ['f'], [intAttribute('axis', 1)], 'flatten'),
    node('MatMul', ['f', 'w2'], ['logits'], [], 'fc'),
  );
  return modelOf({
    nodes,
    inputs: [valueInfo(name, dtype, [batch, size, size, channels])],
    outputs: [valueInfo('logits', F, [batch, 5])],
    initializers: [floatTensor('w1', [8, channels, 3, 3], values(72 * channels, 1)), floatTensor('b1', [8], values(8, 2)), floatTensor('w2', [8, 5], values(40, 3)), floatTensor('inv255', [], [1 / 255])],
  });
}

let dir: string;
let images: string;
beforeAll(async () => {
  dir = tempDir('parity-input-kinds-');
  images = path.join(dir, 'images');
  mkdirSync(images);
  for (let i = 0; i < 12; i++) {
    const data = Buffer.alloc(40 * 30 * 3);
    for (let p = 0; p < data.length; p++) data[p] = Math.floor(128 + 127 * Math.sin(p * 0.05 + i) * Math.cos(i * 0.7 + p * 0.003));
    const img = sharp(data, { raw: { width: 40, height: 30, channels: 3 } });
    const file = path.join(images, `img-${i}`);
    // Half BMP (what industrial cameras write), half PNG.
    if (i % 2 === 0) await img.png().toFile(`${file}.png`);
    else {
      const rgb = await img.raw().toBuffer();
      await writeBmp24(`${file}.bmp`, rgb, 40, 30);
    }
  }
});
afterAll(removeTempDirs);

/** A plain 24-bit bottom-up BMP, written byte by byte (BMP has no writer in sharp). */
async function writeBmp24(file: string, rgb: Buffer, width: number, height: number): Promise<void> {
  const stride = Math.ceil((width * 3) / 4) * 4;
  const out = Buffer.alloc(54 + stride * height);
  out.write('BM', 0, 'ascii');
  out.writeUInt32LE(out.length, 2);
  out.writeUInt32LE(54, 10);
  out.writeUInt32LE(40, 14);
  out.writeInt32LE(width, 18);
  out.writeInt32LE(height, 22);
  out.writeUInt16LE(1, 26);
  out.writeUInt16LE(24, 28);
  out.writeUInt32LE(stride * height, 34);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const s = (y * width + x) * 3;
      const d = 54 + (height - 1 - y) * stride + x * 3;
      out[d] = rgb[s + 2]!;
      out[d + 1] = rgb[s + 1]!;
      out[d + 2] = rgb[s]!;
    }
  }
  const { writeFile } = await import('node:fs/promises');
  await writeFile(file, out);
}

async function int8AndCompare(model: ModelProto, name: string, preprocess: Record<string, unknown>) {
  const source = path.join(dir, `${name}.onnx`);
  await writeModel(model, source);
  const variant = path.join(dir, `${name}.int8.onnx`);
  const converted = await convert({ model: source, recipe: 'int8-static', output: variant, preprocess, calib: images, calibSize: 12, measureSpeed: false });
  expect(converted.manifest.calibration?.images).toBe(12);
  expect(converted.manifest.options.preprocess).toEqual(PartialPreprocessSpecSchema.parse(preprocess));
  const result = await runComparison(
    CompareParamsSchema.parse({ reference: source, candidate: variant, images, runDir: path.join(dir, `run-${name}`), bench: false, preprocess }),
    jobContext(),
  );
  return result;
}

describe('new input kinds through int8-static and compare', () => {
  it('GRAY NHWC input_1:0 [N, 28, 28, 1], mean/std given as one value', async () => {
    const result = await int8AndCompare(nhwcClassifier('input_1:0', 'N', 28, 1, F), 'gray', { mean: [0.5], std: [0.25] });
    expect(result.preprocess).toMatchObject({ colorOrder: 'GRAY', layout: 'NHWC', width: 28, mean: [0.5, 0.5, 0.5] });
    expect(result.summary.images).toBe(12);
    expect(result.summary.top1Agreement).toBeGreaterThanOrEqual(0.9);
  });

  it('uint8 raw pixels, NHWC', async () => {
    const result = await int8AndCompare(nhwcClassifier('pixels', 1, 24, 3, U8), 'uint8', {});
    expect(result.preprocess).toMatchObject({ dtype: 'uint8', layout: 'NHWC', scale: 1 });
    expect(result.summary.images).toBe(12);
  });

  it('a fixed batch of 4 is filled and said', async () => {
    const result = await int8AndCompare(nhwcClassifier('images', 4, 24, 3, F), 'batch4', {});
    expect(result.preprocess.batch).toBe(4);
    expect(result.summary.images).toBe(12);
    expect(result.summary.top1Agreement).toBeGreaterThanOrEqual(0.9);
  });
});
