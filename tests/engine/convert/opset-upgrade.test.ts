import path from 'node:path';
import { create } from '@bufbuild/protobuf';
import { afterAll, describe, expect, it } from 'vitest';
import { floatAttr, stringAttr } from '../../../main/engine/convert/graph-edit.js';
import { defaultOpset, upgradeOpset } from '../../../main/engine/convert/opset-upgrade.js';
import { probeTensorTypes } from '../../../main/engine/convert/tensor-types.js';
import { createCpuSession } from '../../../main/engine/infer/index.js';
import { AttributeProto_AttributeType, AttributeProtoSchema, checkModelStructure, ModelProtoSchema, TensorProto_DataType, writeModel, type ModelProto } from '../../../main/engine/onnx/index.js';
import { floatsAttribute, floatTensor, intAttribute, intsAttribute, modelOf, node, removeTempDirs, tempDir, valueInfo } from '../onnx/model-builders.js';

const F = TensorProto_DataType.FLOAT;
afterAll(removeTempDirs);

/** Every operator whose signature changed between opset 9 and 13, chained in one opset-9 graph. */
function opset9Model(): ModelProto {
  return modelOf({
    opset: [['', 9]],
    nodes: [
      node('Clip', ['x'], ['clipped'], [floatAttr('min', -0.5), floatAttr('max', 0.8)]),
      node('Slice', ['clipped'], ['sliced'], [intsAttribute('starts', [0, 1]), intsAttribute('ends', [2, 4]), intsAttribute('axes', [1, 2])]),
      node('Unsqueeze', ['sliced'], ['unsq'], [intsAttribute('axes', [0])]),
      node('Squeeze', ['unsq'], ['sq'], [intsAttribute('axes', [0])]),
      node('Pad', ['sq'], ['padded'], [intsAttribute('pads', [0, 1, 0, 0, 1, 0]), floatAttr('value', 0.25)]),
      // Softmax-9 on a rank-3 tensor with axis 1 normalises over dims 1 and 2 together; Softmax-13 would not.
      node('Softmax', ['padded'], ['soft'], [intAttribute('axis', 1)]),
      node('ReduceSum', ['soft'], ['summed'], [intsAttribute('axes', [2]), intAttribute('keepdims', 1)]),
      node('Split', ['padded'], ['s1', 's2'], [intAttribute('axis', 1), intsAttribute('split', [1, 3])]),
      node('TopK', ['s2'], ['topv', 'topi'], [intAttribute('axis', -1), intAttribute('k', 2)]),
      node('Upsample', ['x', 'scales'], ['up'], [stringAttr('mode', 'nearest')]),
      node('Dropout', ['up'], ['dropped'], [floatAttr('ratio', 0.3)]),
    ],
    inputs: [valueInfo('x', F, [2, 3, 4])],
    outputs: [valueInfo('soft', F, null), valueInfo('summed', F, null), valueInfo('s1', F, null), valueInfo('topv', F, null), valueInfo('dropped', F, null)],
    initializers: [floatTensor('scales', [3], [1, 2, 1.5])],
  });
}

async function run(proto: ModelProto, dir: string, name: string, x: Float32Array): Promise<Record<string, Float32Array>> {
  const file = path.join(dir, name);
  await writeModel(proto, file);
  const session = await createCpuSession(file, { intraOpThreads: 0, optimizationLevel: 'all' });
  const out = await session.run({ x: { dtype: 'float32', data: x, dims: [2, 3, 4] } });
  await session.release();
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.data as Float32Array]));
}

describe('opset upgrade to 13', () => {
  it('rewrites attributes that became inputs, Upsample and Softmax, with the same results in ONNX Runtime', async () => {
    const dir = tempDir();
    const original = opset9Model();
    const upgraded = create(ModelProtoSchema, original);
    const types = await probeTensorTypes({ proto: upgraded, dir }, dir);
    const rewritten = upgradeOpset(upgraded, 13, types);
    expect(rewritten).toBe(11);
    expect(defaultOpset(upgraded)).toBe(13);
    expect(checkModelStructure(upgraded).filter((i) => i.severity === 'error')).toEqual([]);
    const ops = upgraded.graph!.node.map((n) => n.opType);
    expect(ops).toContain('Resize');
    expect(ops).not.toContain('Upsample');
    const x = Float32Array.from({ length: 24 }, (_, i) => Math.sin(i * 1.7) * 1.3);
    const before = await run(original, dir, 'v9.onnx', x);
    const after = await run(upgraded, dir, 'v13.onnx', x);
    for (const name of ['soft', 'summed', 's1', 'topv', 'dropped']) {
      expect(after[name]!.length).toBe(before[name]!.length);
      after[name]!.forEach((v, i) => expect(v).toBeCloseTo(before[name]![i]!, 6));
    }
  });

  it('upgrades opset 7 and 8: Upsample-7 scales and BatchNormalization spatial, with the same results', async () => {
    const dir = tempDir();
    for (const opset of [7, 8]) {
      const original = modelOf({
        opset: [['', opset]],
        nodes: [
          node('BatchNormalization', ['x', 's', 'b', 'm', 'v'], ['n'], [intAttribute('spatial', 1), floatAttr('epsilon', 1e-5)]),
          node('Upsample', ['n'], ['up'], [stringAttr('mode', 'nearest'), floatsAttribute('scales', [1, 1, 2, 3])]),
          node('Clip', ['up'], ['y'], [floatAttr('min', -0.5), floatAttr('max', 0.8)]),
        ],
        inputs: [valueInfo('x', F, [1, 2, 3, 4])],
        outputs: [valueInfo('y', F, null)],
        initializers: [floatTensor('s', [2], [1.5, 0.5]), floatTensor('b', [2], [0.1, -0.2]), floatTensor('m', [2], [0.3, -0.1]), floatTensor('v', [2], [2, 0.5])],
      });
      const upgraded = create(ModelProtoSchema, original);
      expect(upgradeOpset(upgraded, 13, await probeTensorTypes({ proto: upgraded, dir }, dir))).toBe(3);
      expect(upgraded.graph!.node.map((n) => n.opType)).toEqual(['BatchNormalization', 'Resize', 'Clip']);
      const x = Float32Array.from({ length: 24 }, (_, i) => Math.sin(i * 1.7) * 1.3);
      const before = await run4(original, dir, `v${opset}.onnx`, x);
      const after = await run4(upgraded, dir, `v${opset}-13.onnx`, x);
      expect(before.length).toBe(2 * 6 * 12);
      after.forEach((v, i) => expect(v).toBeCloseTo(before[i]!, 6));
    }
  });

  it('keeps Slice "to the end" (ends = INT64_MAX, as PyTorch exports it): the UltraFace box decoding', async () => {
    const dir = tempDir();
    const ints = (name: string, values: bigint[]) => create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.INTS, ints: values });
    const original = modelOf({
      opset: [['', 9]],
      nodes: [
        node('Slice', ['x'], ['tail'], [ints('starts', [2n]), ints('ends', [9223372036854775807n]), ints('axes', [3n])]),
        node('Slice', ['x'], ['head'], [ints('starts', [0n]), ints('ends', [2n]), ints('axes', [3n])]),
        node('Mul', ['tail', 'head'], ['y']),
      ],
      inputs: [valueInfo('x', F, [1, 2, 3, 4])],
      outputs: [valueInfo('y', F, null)],
    });
    const upgraded = create(ModelProtoSchema, original);
    upgradeOpset(upgraded, 13, await probeTensorTypes({ proto: upgraded, dir }, dir));
    const x = Float32Array.from({ length: 24 }, (_, i) => i + 1);
    const before = await run4(original, dir, 'slice9.onnx', x);
    const after = await run4(upgraded, dir, 'slice13.onnx', x);
    expect(before.length).toBe(12);
    expect([...after]).toEqual([...before]);
  });

  it('goes on to 18: reductions take axes as an input, float16 Clip bounds become float16 tensors, same results', async () => {
    const dir = tempDir();
    const H = TensorProto_DataType.FLOAT16;
    const original = modelOf({
      opset: [['', 9]],
      nodes: [
        node('ReduceMean', ['x'], ['mean'], [intsAttribute('axes', [2]), intAttribute('keepdims', 1)]),
        node('ReduceMax', ['x'], ['max'], [intsAttribute('axes', [1, 2]), intAttribute('keepdims', 0)]),
        node('Cast', ['x'], ['half'], [intAttribute('to', H)]),
        node('Clip', ['half'], ['clipped_half'], [floatAttr('min', -0.5), floatAttr('max', 0.75)]),
        node('Cast', ['clipped_half'], ['clipped'], [intAttribute('to', F)]),
      ],
      inputs: [valueInfo('x', F, [2, 3, 4])],
      outputs: [valueInfo('mean', F, null), valueInfo('max', F, null), valueInfo('clipped', F, null)],
    });
    const upgraded = create(ModelProtoSchema, original);
    expect(upgradeOpset(upgraded, 18, await probeTensorTypes({ proto: upgraded, dir }, dir))).toBe(3);
    expect(defaultOpset(upgraded)).toBe(18);
    expect(upgraded.irVersion).toBeGreaterThanOrEqual(8n);
    expect(upgraded.graph!.initializer.filter((t) => t.dataType === H)).toHaveLength(2);
    const x = Float32Array.from({ length: 24 }, (_, i) => Math.cos(i * 0.9) * 1.1);
    const before = await run(original, dir, 'r9.onnx', x);
    const after = await run(upgraded, dir, 'r18.onnx', x);
    for (const name of ['mean', 'max', 'clipped']) after[name]!.forEach((v, i) => expect(v).toBeCloseTo(before[name]![i]!, 6));
  });

  it('refuses models older than opset 7 (the old broadcast semantics)', async () => {
    const old = modelOf({ opset: [['', 6]], nodes: [node('Relu', ['x'], ['y'])], inputs: [valueInfo('x', F, [1])], outputs: [valueInfo('y', F, [1])] });
    expect(() => upgradeOpset(old, 13, new Map())).toThrow(/opset 6/);
  });
});

async function run4(proto: ModelProto, dir: string, name: string, x: Float32Array): Promise<Float32Array> {
  const file = path.join(dir, name);
  await writeModel(proto, file);
  const session = await createCpuSession(file, { intraOpThreads: 0, optimizationLevel: 'all' });
  const out = await session.run({ x: { dtype: 'float32', data: x, dims: [1, 2, 3, 4] } });
  await session.release();
  return out.y!.data as Float32Array;
}
