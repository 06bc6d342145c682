/** Shared pieces of the conversion tests: a job context, a convert call with the contract's defaults, tiny models. */
import path from 'node:path';
import sharp from 'sharp';
import { ConvertParamsSchema, type ConvertParams } from '../../../shared/contract/jobs/convert.js';
import { convertModel } from '../../../main/engine/convert/convert-model.js';
import { createJobContext, type JobContext } from '../../../main/engine/jobs/context.js';
import { TensorProto_DataType, type ModelProto } from '../../../main/engine/onnx/index.js';
import { floatTensor, intAttribute, intsAttribute, modelOf, node, tensorAttribute, valueInfo } from '../onnx/model-builders.js';
import { floatAttr, stringAttr } from '../../../main/engine/convert/graph-edit.js';

export function jobContext(): JobContext {
  return createJobContext('test', new AbortController().signal, () => {}, () => {});
}

/** Runs a conversion as the engine's job does, with the contract's defaults filled in. */
export async function convert(params: ConvertParams & { maxInlineBytes?: number }): Promise<Awaited<ReturnType<typeof convertModel>>> {
  const { maxInlineBytes, ...rest } = params;
  return convertModel({ ...ConvertParamsSchema.parse(rest), ...(maxInlineBytes !== undefined ? { maxInlineBytes } : {}) }, jobContext());
}

const F = TensorProto_DataType.FLOAT;

/** Values in [-1, 1] from a fixed formula, different per tensor. */
function values(count: number, salt: number): number[] {
  return Array.from({ length: count }, (_, i) => Math.sin(i * 0.731 + salt) * Math.cos(i * 0.127 + 2 * salt));
}

/**
 * A small image classifier, opset 9 like the paddle2onnx exports: Conv (weights in a Constant node) + BatchNorm +
 * Clip(attrs) + Conv + Relu + GlobalAveragePool + Flatten + MatMul + Add + Softmax over 3 classes, input [1,3,8,8].
 */
export function tinyClassifier(): ModelProto {
  return modelOf({
    opset: [['', 9]],
    nodes: [
      node('Constant', [], ['w1'], [tensorAttribute('value', floatTensor('w1', [6, 3, 3, 3], values(162, 1)))]),
      node('Conv', ['x', 'w1', 'b1'], ['c1'], [intsAttribute('pads', [1, 1, 1, 1])], 'conv1'),
      node('BatchNormalization', ['c1', 'bn_s', 'bn_b', 'bn_m', 'bn_v'], ['n1'], [floatAttr('epsilon', 1e-5)], 'bn1'),
      node('Clip', ['n1'], ['a1'], [floatAttr('min', 0), floatAttr('max', 6)], 'clip1'),
      node('Conv', ['a1', 'w2'], ['c2'], [intAttribute('group', 1)], 'conv2'),
      node('Relu', ['c2'], ['a2'], [], 'relu2'),
      node('GlobalAveragePool', ['a2'], ['p'], [], 'pool'),
      node('Flatten', ['p'], ['f'], [intAttribute('axis', 1)], 'flatten'),
      node('MatMul', ['f', 'w3'], ['m'], [], 'fc'),
      node('Add', ['m', 'b3'], ['logits'], [], 'fc_bias'),
      node('Softmax', ['logits'], ['y'], [intAttribute('axis', 1)], 'softmax'),
    ],
    inputs: [valueInfo('x', F, ['N', 3, 8, 8])],
    outputs: [valueInfo('y', F, ['N', 3])],
    initializers: [
      floatTensor('b1', [6], values(6, 2)),
      floatTensor('bn_s', [6], values(6, 3).map((v) => 1 + 0.5 * v)),
      floatTensor('bn_b', [6], values(6, 4)),
      floatTensor('bn_m', [6], values(6, 5).map((v) => 0.1 * v)),
      floatTensor('bn_v', [6], values(6, 6).map((v) => 1 + 0.5 * Math.abs(v))),
      floatTensor('w2', [8, 6, 1, 1], values(48, 7)),
      floatTensor('w3', [8, 3], values(24, 8).map((v) => 3 * v)),
      floatTensor('b3', [3], values(3, 9)),
    ],
  });
}

/** A model with a Resize in the middle (kept float32 by fp16) and two outputs, opset 13. */
export function tinyResizeModel(): ModelProto {
  return modelOf({
    opset: [['', 13]],
    nodes: [
      node('Conv', ['x', 'w'], ['c'], [intsAttribute('pads', [1, 1, 1, 1])], 'conv'),
      node('Resize', ['c', '', 'scales'], ['r'], [stringAttr('mode', 'linear')], 'resize'),
      node('Sigmoid', ['r'], ['y'], [], 'sigmoid'),
      node('ReduceMean', ['c'], ['m'], [intsAttribute('axes', [2, 3]), intAttribute('keepdims', 0)], 'mean'),
    ],
    inputs: [valueInfo('x', F, [1, 3, 8, 8])],
    outputs: [valueInfo('y', F, [1, 2, 16, 16]), valueInfo('m', F, [1, 2])],
    initializers: [floatTensor('w', [2, 3, 3, 3], values(54, 11)), floatTensor('scales', [4], [1, 1, 2, 2])],
  });
}

/** Writes `count` small RGB PNGs with varied content into `dir` and returns the folder. */
export async function writeImages(dir: string, count: number, size = 8): Promise<string> {
  for (let i = 0; i < count; i++) {
    const data = Buffer.alloc(size * size * 3);
    for (let p = 0; p < data.length; p++) data[p] = Math.floor(128 + 127 * Math.sin(p * 0.37 + i * 1.3) * Math.cos(i * 0.5 + p * 0.011));
    await sharp(data, { raw: { width: size, height: size, channels: 3 } }).png().toFile(path.join(dir, `img-${String(i).padStart(3, '0')}.png`));
  }
  return dir;
}

/** The preprocessing of the tiny models: 8×8, RGB, (x/255 − 0.5)/0.5. */
export const TINY_PREPROCESS = { width: 8, height: 8, mean: [0.5, 0.5, 0.5] as [number, number, number], std: [0.5, 0.5, 0.5] as [number, number, number] };
