/** Shared pieces of the conversion tests: a job context, a convert call with the contract's defaults, tiny models. */
import path from 'node:path';
import sharp from 'sharp';
import { ConvertParamsSchema, type ConvertParams } from '../../../shared/contract/jobs/convert.js';
import { convertModel } from '../../../main/engine/convert/convert-model.js';
import { createJobContext, type JobContext } from '../../../main/engine/jobs/context.js';
import { TensorProto_DataType, type ModelProto } from '../../../main/engine/onnx/index.js';
import { floatTensor, graphAttribute, graphOf, intAttribute, intsAttribute, modelOf, node, tensorAttribute, valueInfo } from '../onnx/model-builders.js';
import { floatAttr, int64Tensor, stringAttr } from '../../../main/engine/convert/graph-edit.js';

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

/**
 * A MobileNet-style block, opset 13, input [N,3,16,16]: Conv → Relu, depthwise Conv → Clip(0, 6), 1×1 Conv,
 * residual Add, hard-swish (Add 3 → Clip → Mul → Div 6), squeeze-excite (GlobalAveragePool → Conv → Relu → Conv →
 * HardSigmoid → Mul), MaxPool and AveragePool branches joined by Concat, 1×1 Conv, nearest Resize back to 16×16,
 * a second residual Add, GlobalAveragePool → Reshape → Gemm → Softmax over 4 classes.
 */
export function tinyMobileBlock(): ModelProto {
  const scalar = (name: string, v: number): ReturnType<typeof floatTensor> => floatTensor(name, [], [v]);
  return modelOf({
    opset: [['', 13]],
    nodes: [
      node('Conv', ['x', 'w1', 'b1'], ['c1'], [intsAttribute('pads', [1, 1, 1, 1])], 'conv1'),
      node('Relu', ['c1'], ['r1'], [], 'relu1'),
      node('Conv', ['r1', 'w2', 'b2'], ['c2'], [intsAttribute('pads', [1, 1, 1, 1]), intAttribute('group', 8)], 'dwconv'),
      node('Clip', ['c2', 'zero', 'six'], ['a2'], [], 'relu6'),
      node('Conv', ['a2', 'w3', 'b3'], ['c3'], [], 'pwconv'),
      node('Add', ['c3', 'r1'], ['s'], [], 'residual1'),
      node('Add', ['s', 'three'], ['h1'], [], 'hs_add'),
      node('Clip', ['h1', 'zero', 'six'], ['h2'], [], 'hs_clip'),
      node('Mul', ['s', 'h2'], ['h3'], [], 'hs_mul'),
      node('Div', ['h3', 'six'], ['hs'], [], 'hs_div'),
      node('GlobalAveragePool', ['hs'], ['g'], [], 'se_pool'),
      node('Conv', ['g', 'we1', 'be1'], ['e1'], [], 'se_reduce'),
      node('Relu', ['e1'], ['e2'], [], 'se_relu'),
      node('Conv', ['e2', 'we2', 'be2'], ['e3'], [], 'se_expand'),
      node('HardSigmoid', ['e3'], ['e4'], [floatAttr('alpha', 1 / 6), floatAttr('beta', 0.5)], 'se_gate'),
      node('Mul', ['hs', 'e4'], ['se'], [], 'se_scale'),
      node('MaxPool', ['se'], ['mp'], [intsAttribute('kernel_shape', [2, 2]), intsAttribute('strides', [2, 2])], 'maxpool'),
      node('AveragePool', ['se'], ['ap'], [intsAttribute('kernel_shape', [2, 2]), intsAttribute('strides', [2, 2])], 'avgpool'),
      node('Concat', ['mp', 'ap'], ['cat'], [intAttribute('axis', 1)], 'concat'),
      node('Conv', ['cat', 'w4', 'b4'], ['c4'], [], 'merge'),
      node('Resize', ['c4', '', 'up'], ['u'], [stringAttr('mode', 'nearest')], 'upsample'),
      node('Add', ['u', 'hs'], ['v'], [], 'residual2'),
      node('GlobalAveragePool', ['v'], ['f'], [], 'head_pool'),
      node('Reshape', ['f', 'flat_shape'], ['flat'], [], 'flatten'),
      node('Gemm', ['flat', 'wf', 'bf'], ['logits'], [intAttribute('transB', 1)], 'fc'),
      node('Softmax', ['logits'], ['y'], [intAttribute('axis', 1)], 'softmax'),
    ],
    inputs: [valueInfo('x', F, ['N', 3, 16, 16])],
    outputs: [valueInfo('y', F, ['N', 4])],
    initializers: [
      floatTensor('w1', [8, 3, 3, 3], values(216, 21).map((v) => 0.5 * v)),
      floatTensor('b1', [8], values(8, 22).map((v) => 0.1 * v)),
      floatTensor('w2', [8, 1, 3, 3], values(72, 23)),
      floatTensor('b2', [8], values(8, 24)),
      floatTensor('w3', [8, 8, 1, 1], values(64, 25).map((v) => 0.5 * v)),
      floatTensor('b3', [8], values(8, 26).map((v) => 0.1 * v)),
      floatTensor('we1', [4, 8, 1, 1], values(32, 27)),
      floatTensor('be1', [4], values(4, 28)),
      floatTensor('we2', [8, 4, 1, 1], values(32, 29)),
      floatTensor('be2', [8], values(8, 30)),
      floatTensor('w4', [8, 16, 1, 1], values(128, 31).map((v) => 0.5 * v)),
      floatTensor('b4', [8], values(8, 32).map((v) => 0.1 * v)),
      floatTensor('wf', [4, 8], values(32, 33).map((v) => 2 * v)),
      floatTensor('bf', [4], values(4, 34)),
      scalar('zero', 0),
      scalar('three', 3),
      scalar('six', 6),
      floatTensor('up', [4], [1, 1, 2, 2]),
      int64Tensor('flat_shape', [2], [-1, 8]),
    ],
  });
}

/**
 * Two 1×1 Convs, opset 13, input [N,3,8,8]: the first writes a loud channel (≈ ±1) and a quiet one (≈ ±0.001, crushed
 * by one int8 scale); the second reads them with `weights` ([loud, quiet] per output channel), then a
 * GlobalAveragePool. With the quiet channel's weights at 0 it does not matter downstream; at 1000 it is the output.
 */
export function quietChannelModel(weights: [number, number]): ModelProto {
  return modelOf({
    opset: [['', 13]],
    nodes: [
      node('Conv', ['x', 'wa', 'ba'], ['t'], [], 'mix'),
      node('Conv', ['t', 'wb', 'bb'], ['u'], [], 'read'),
      node('GlobalAveragePool', ['u'], ['y'], [], 'pool'),
    ],
    inputs: [valueInfo('x', F, ['N', 3, 8, 8])],
    outputs: [valueInfo('y', F, ['N', 2, 1, 1])],
    initializers: [
      floatTensor('wa', [2, 3, 1, 1], [0.5, -0.7, 0.6, 0.0008, 0.0011, -0.0009]),
      floatTensor('ba', [2], [0.1, 0.0002]),
      floatTensor('wb', [2, 2, 1, 1], [weights[0], weights[1], -weights[0], weights[1]]),
      floatTensor('bb', [2], [0, 0]),
    ],
  });
}

/**
 * quietChannelModel twice side by side on the same input, outputs ya and yb: in branch a the crushed quiet channel
 * is the output (weights [0.001, 1000]), in branch b by default it does not matter (weights [1, 0]). The channel
 * guard makes one float island per branch; by default only branch a's earns its keep.
 */
export function twoQuietChannels(bWeights: [number, number] = [1, 0]): ModelProto {
  // The loud weights differ between branches, or ONNX Runtime's preparation would merge the two first Convs.
  const branch = (k: string, weights: [number, number], loud: number) => ({
    nodes: [node('Conv', ['x', `wa${k}`, `ba${k}`], [`t${k}`], [], `mix_${k}`), node('Conv', [`t${k}`, `wb${k}`, `bb${k}`], [`u${k}`], [], `read_${k}`), node('GlobalAveragePool', [`u${k}`], [`y${k}`], [], `pool_${k}`)],
    initializers: [
      floatTensor(`wa${k}`, [2, 3, 1, 1], [0.5 * loud, -0.7 * loud, 0.6 * loud, 0.0008, 0.0011, -0.0009]),
      floatTensor(`ba${k}`, [2], [0.1, 0.0002]),
      floatTensor(`wb${k}`, [2, 2, 1, 1], [weights[0], weights[1], -weights[0], weights[1]]),
      floatTensor(`bb${k}`, [2], [0, 0]),
    ],
  });
  const [a, b] = [branch('a', [0.001, 1000], 1), branch('b', bWeights, 0.9)];
  return modelOf({
    opset: [['', 13]],
    nodes: [...a.nodes, ...b.nodes],
    inputs: [valueInfo('x', F, ['N', 3, 8, 8])],
    outputs: [valueInfo('ya', F, ['N', 2, 1, 1]), valueInfo('yb', F, ['N', 2, 1, 1])],
    initializers: [...a.initializers, ...b.initializers],
  });
}

/**
 * A residual stream whose channels differ in range by up to 150×, opset 13, input [N,3,8,8]: `stem` (3→4) writes s0;
 * `expand` → Relu → `dw` (depthwise) → Clip(0, 6) → `project` writes d; Add(s0, d) = s1; `head` (4→2) reads s1 with
 * large weights on the quiet channels, then GlobalAveragePool. Equalization groups: stem/project/Add (linear, read
 * by expand and head), expand → Relu → dw and dw → Clip → project (activated). With `quietRead` false, neither expand
 * nor head reads the quiet channels (1 and 3): they do not matter downstream.
 */
export function residualStreamModel(quietRead = true): ModelProto {
  const read = (i: number): number => (quietRead || (i % 4) % 2 === 0 ? 1 : 0);
  const loudness = [1, 0.05, 3, 0.02];
  const stem = values(12, 41).map((v, i) => v * loudness[Math.floor(i / 3)]!);
  return modelOf({
    opset: [['', 13]],
    nodes: [
      node('Conv', ['x', 'w_stem', 'b_stem'], ['s0'], [], 'stem'),
      node('Conv', ['s0', 'w_expand', 'b_expand'], ['e'], [], 'expand'),
      node('Relu', ['e'], ['er'], [], 'expand_relu'),
      node('Conv', ['er', 'w_dw', 'b_dw'], ['dwo'], [intsAttribute('pads', [1, 1, 1, 1]), intAttribute('group', 8)], 'dw'),
      node('Clip', ['dwo', 'zero', 'six'], ['dwr'], [], 'dw_relu6'),
      node('Conv', ['dwr', 'w_project', 'b_project'], ['d'], [], 'project'),
      node('Add', ['s0', 'd'], ['s1'], [], 'residual'),
      node('Conv', ['s1', 'w_head', 'b_head'], ['h'], [], 'head'),
      node('GlobalAveragePool', ['h'], ['y'], [], 'pool'),
    ],
    inputs: [valueInfo('x', F, ['N', 3, 8, 8])],
    outputs: [valueInfo('y', F, ['N', 2, 1, 1])],
    initializers: [
      floatTensor('w_stem', [4, 3, 1, 1], stem),
      floatTensor('b_stem', [4], loudness.map((l, i) => 0.1 * l * (i % 2 === 0 ? 1 : -1))),
      floatTensor('w_expand', [8, 4, 1, 1], values(32, 42).map((v, i) => (v / loudness[i % 4]! / 4) * read(i))),
      floatTensor('b_expand', [8], values(8, 43).map((v) => 0.1 * v)),
      floatTensor('w_dw', [8, 1, 3, 3], values(72, 45).map((v, i) => v * (Math.floor(i / 9) % 3 === 0 ? 0.01 : 1))),
      floatTensor('b_dw', [8], values(8, 46).map((v) => 0.01 * v)),
      floatTensor('w_project', [4, 8, 1, 1], values(32, 47).map((v, i) => v * loudness[Math.floor(i / 8)]! * (i % 8 % 3 === 0 ? 10 : 1))),
      floatTensor('b_project', [4], [0, 0, 0, 0]),
      floatTensor('w_head', [2, 4, 1, 1], [1, 20, 0.3, 50, -1, 20, 0.3, -50].map((v, i) => v * read(i))),
      floatTensor('b_head', [2], [0, 0]),
      floatTensor('zero', [], [0]),
      floatTensor('six', [], [6]),
    ],
  });
}

/**
 * Conv → Relu → Conv → GlobalAveragePool, opset 13, input [N,3,8,8], where an If (on whether x has a positive value)
 * also reads the Relu's output from inside its branches (an outer-scope tensor): then-branch Identity, else-branch
 * Neg; outputs y and z.
 */
export function reluReadInsideIf(): ModelProto {
  const branch = (op: string, name: string): ReturnType<typeof graphOf> =>
    graphOf({ nodes: [node(op, ['r'], [`${name}_out`], [], `${name}_node`)], inputs: [], outputs: [valueInfo(`${name}_out`, F, ['N', 4, 8, 8])] }, name);
  return modelOf({
    opset: [['', 13]],
    nodes: [
      node('Conv', ['x', 'w1', 'b1'], ['c'], [intsAttribute('pads', [1, 1, 1, 1])], 'conv1'),
      node('Relu', ['c'], ['r'], [], 'relu'),
      node('Conv', ['r', 'w2', 'b2'], ['u'], [], 'conv2'),
      node('GlobalAveragePool', ['u'], ['y'], [], 'pool'),
      node('ReduceMax', ['x'], ['m'], [intAttribute('keepdims', 0)], 'max'),
      node('Greater', ['m', 'zero'], ['positive'], [], 'test'),
      node('If', ['positive'], ['z'], [graphAttribute('then_branch', branch('Identity', 'then')), graphAttribute('else_branch', branch('Neg', 'else'))], 'branch'),
    ],
    inputs: [valueInfo('x', F, ['N', 3, 8, 8])],
    outputs: [valueInfo('y', F, ['N', 2, 1, 1]), valueInfo('z', F, ['N', 4, 8, 8])],
    initializers: [
      floatTensor('w1', [4, 3, 3, 3], values(108, 41)),
      floatTensor('b1', [4], values(4, 42)),
      floatTensor('w2', [2, 4, 1, 1], values(8, 43)),
      floatTensor('b2', [2], values(2, 44)),
      floatTensor('zero', [], [0]),
    ],
  });
}
