/**
 * Layerwise error on real models: the PaddleOCR classifier against itself (every tensor identical) and against its
 * int8-static variant (error grows along the graph, a quantized convolution is named first, and excluding the node
 * said to add the most error really lowers the error of its tensor); and on small models built in code, with
 * ORT-style Q/DQ tensor names.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLayers } from '../../../../main/engine/parity/layers/run-layers.js';
import { withOwnDequantize } from '../../../../main/engine/parity/layers/own-dequantize.js';
import { pairTensors } from '../../../../main/engine/parity/layers/tensor-pairs.js';
import { locateSample } from '../../../../main/engine/samples/index.js';
import { writeModel, TensorProto_DataType } from '../../../../main/engine/onnx/index.js';
import type { Layerwise } from '../../../../shared/report/layers-section.js';
import { convert, jobContext, tinyClassifier, TINY_PREPROCESS, writeImages } from '../../convert/helpers.js';
import { floatTensor, modelOf, node, removeTempDirs, tempDir, valueInfo } from '../../onnx/model-builders.js';
import { makeTensor } from '../../../../main/engine/convert/graph-edit.js';
import { createJobContext } from '../../../../main/engine/jobs/context.js';

afterAll(removeTempDirs);
const sample = locateSample();
const dir = tempDir('parity-layers-');
const SLOW = 300_000;

function request(candidate: string, extra: Partial<Parameters<typeof runLayers>[0]> = {}): Parameters<typeof runLayers>[0] {
  return { reference: sample.modelPath, candidate, images: sample.imagesDir, preprocess: sample.preprocess, maxImages: 16, floorDb: 20, threads: null, ...extra };
}

describe('the PaddleOCR classifier', () => {
  let int8 = '';
  let quantized: Layerwise;

  beforeAll(async () => {
    int8 = path.join(dir, 'cls.int8.onnx');
    await convert({ model: sample.modelPath, recipe: 'int8-static', output: int8, calib: sample.imagesDir, calibSize: 60, preprocess: sample.preprocess, measureSpeed: false });
    quantized = await runLayers(request(int8), jobContext());
  }, SLOW);

  it('against itself: every tensor identical (infinite SQNR, cosine 1, no difference), nothing named', async () => {
    const same = await runLayers(request(sample.modelPath), jobContext());
    expect(same.images).toBe(16);
    expect(same.rows.length).toBeGreaterThan(150);
    expect(same.unmatched).toBe(0);
    for (const row of same.rows) {
      expect(row.sqnrDb).toBeNull();
      expect(row.cosine).toBe(1);
      expect(row.maxAbsDiff).toBe(0);
      expect(row.aloneSqnrDb).toBeNull();
      expect(row.quantized).toBe(false);
    }
    expect(same.firstBelowFloor).toBeNull();
    expect(same.mostSensitive).toBeNull();
  }, SLOW);

  it('against its int8 variant: finite error from the first quantized convolution on, in graph order', () => {
    const rows = quantized.rows;
    // Tensors rescaled by channel equalization are compared through the factors the candidate records.
    expect(rows.length).toBeGreaterThan(100);
    expect(rows.every((r, i) => i === 0 || r.index >= rows[i - 1]!.index)).toBe(true);
    expect(rows[0]!.quantized).toBe(true);
    expect(rows[0]!.candidateOp).toBe('Conv');
    expect(rows[0]!.sqnrDb).toBeGreaterThan(25);
    for (const r of rows) {
      expect(r.sqnrDb).not.toBeNull();
      expect(r.cosine).toBeGreaterThan(0.9);
      expect(r.cosine).toBeLessThan(1);
    }
    // Error accumulates: the last convolutions are noisier than the first.
    const convs = rows.filter((r) => r.candidateOp === 'Conv' && r.quantized);
    expect(convs.at(-1)!.sqnrDb!).toBeLessThan(convs[0]!.sqnrDb!);
  });

  it('names the first tensor below the floor (a quantized node), with every earlier one above it', () => {
    const first = quantized.firstBelowFloor!;
    expect(first).not.toBeNull();
    const row = quantized.rows[first]!;
    expect(row.sqnrDb!).toBeLessThan(20);
    expect(row.quantized).toBe(true);
    expect(row.candidateNode).toMatch(/\S/);
    for (const r of quantized.rows.slice(0, first)) expect(r.sqnrDb!).toBeGreaterThanOrEqual(20);
  });

  it('isolates each quantized node: alone, a node is closer to the reference than with the error it inherits', () => {
    const isolated = quantized.rows.filter((r) => r.aloneSqnrDb !== null);
    expect(isolated.length).toBeGreaterThan(40);
    expect(isolated.every((r) => r.quantized || r.candidateOp === 'Conv')).toBe(true);
    const deep = isolated.filter((r) => r.candidateOp === 'Conv').slice(-10);
    for (const r of deep) expect(r.aloneSqnrDb!).toBeGreaterThan(r.sqnrDb!);
  });

  it('compared a group of tensors at a time (as on a large model), every row is the same', async () => {
    const logs: string[] = [];
    const ctx = createJobContext('layers', new AbortController().signal, () => {}, (_, message) => logs.push(message));
    const grouped = await runLayers(request(int8, { chunkBytes: 64 * 1024 }), ctx);
    const groups = Number(/in (\d+) groups/.exec(logs.join('\n'))?.[1] ?? 1);
    expect(groups).toBeGreaterThan(5);
    expect(grouped.rows.map((r) => r.tensor)).toEqual(quantized.rows.map((r) => r.tensor));
    grouped.rows.forEach((r, i) => {
      const q = quantized.rows[i]!;
      expect(r.sqnrDb).toBeCloseTo(q.sqnrDb!, 6);
      expect(r.maxAbsDiff).toBe(q.maxAbsDiff);
      if (q.aloneSqnrDb === null) expect(r.aloneSqnrDb).toBeNull();
      else expect(r.aloneSqnrDb).toBeCloseTo(q.aloneSqnrDb, 6);
    });
    expect(grouped.firstBelowFloor).toBe(quantized.firstBelowFloor);
    expect(grouped.mostSensitive).toBe(quantized.mostSensitive);
  }, SLOW);

  it("a node's isolated SQNR is what its tensor gets when the candidate quantizes that node alone", async () => {
    const most = quantized.rows[quantized.mostSensitive!]!;
    const convs = quantized.rows.filter((r) => r.aloneSqnrDb !== null && r.candidateOp === 'Conv');
    expect(most.aloneSqnrDb).toBe(Math.min(...convs.map((r) => r.aloneSqnrDb!)));
    const manifest = JSON.parse(readFileSync(int8.replace(/\.onnx$/, '.manifest.json'), 'utf8')) as { nodes: { quantized: string[] } };
    const others = manifest.nodes.quantized.filter((n) => n !== most.candidateNode);
    expect(others.length).toBe(manifest.nodes.quantized.length - 1);
    const only = path.join(dir, 'cls.int8-only.onnx');
    await convert({ model: sample.modelPath, recipe: 'int8-static', output: only, calib: sample.imagesDir, calibSize: 60, preprocess: sample.preprocess, measureSpeed: false, excludeNodes: others });
    const alone = await runLayers(request(only), jobContext());
    const row = alone.rows.find((r) => r.tensor === most.tensor)!;
    console.log(`${most.candidateNode}: isolated ${most.aloneSqnrDb!.toFixed(2)} dB, quantized alone ${row.sqnrDb!.toFixed(2)} dB`);
    expect(Math.abs(row.sqnrDb! - most.aloneSqnrDb!)).toBeLessThan(0.5);
    // Upstream of it nothing is quantized any more: those tensors are exact up to float rounding (folded BatchNorms).
    for (const r of alone.rows.filter((x) => x.index < row.index && !x.quantized)) expect(r.sqnrDb ?? Infinity).toBeGreaterThan(100);
  }, SLOW);
});

describe('small models built in code', () => {
  it('pairs a tensor with its dequantized copy under ORT-style names, and with a DequantizeLinear that keeps the name', () => {
    const F = TensorProto_DataType.FLOAT;
    const reference = modelOf({
      opset: [['', 13]],
      nodes: [node('Relu', ['x'], ['a'], [], 'relu'), node('Sigmoid', ['a'], ['y'], [], 'sig')],
      inputs: [valueInfo('x', F, [1, 4])],
      outputs: [valueInfo('y', F, [1, 4])],
    });
    const qdq = (t: string, q: string, d: string): ReturnType<typeof node>[] => [
      node('QuantizeLinear', [t, 's', 'z'], [q], [], `${t}_q`),
      node('DequantizeLinear', [q, 's', 'z'], [d], [], `${t}_dq`),
    ];
    const candidate = modelOf({
      opset: [['', 13]],
      nodes: [node('Relu', ['x'], ['a'], [], 'relu'), ...qdq('a', 'a_QuantizeLinear_Output', 'a_DequantizeLinear_Output'), node('Sigmoid', ['a_DequantizeLinear_Output'], ['y0'], [], 'sig'), ...qdq('y0', 'yq', 'y')],
      inputs: [valueInfo('x', F, [1, 4])],
      outputs: [valueInfo('y', F, [1, 4])],
      initializers: [floatTensor('s', [], [0.1]), makeTensor('z', TensorProto_DataType.UINT8, [], new Uint8Array([0]))],
    });
    const pairing = pairTensors(reference.graph!, candidate.graph!);
    expect(pairing.pairs.map((p) => [p.tensor, p.candidateTensor, p.candidateNode.name, p.quantized])).toEqual([
      ['a', 'a_DequantizeLinear_Output', 'relu', true],
      ['y', 'y', 'sig', true],
    ]);
  });

  it('compares a tensor whose own DequantizeLinear was dropped (a scalar Mul absorbed) with its quantized value, not the scaled copy', () => {
    const F = TensorProto_DataType.FLOAT;
    const reference = modelOf({
      opset: [['', 13]],
      nodes: [node('Relu', ['x'], ['a'], [], 'relu'), node('Mul', ['a', 'sixth'], ['b'], [], 'div6'), node('Sigmoid', ['b'], ['y'], [], 'sig')],
      inputs: [valueInfo('x', F, [1, 4])],
      outputs: [valueInfo('y', F, [1, 4])],
      initializers: [floatTensor('sixth', [], [1 / 6])],
    });
    // int8-static's form: a quantized, the Mul gone, the Sigmoid reading a DequantizeLinear at scale / 6.
    const candidate = modelOf({
      opset: [['', 13]],
      nodes: [
        node('Relu', ['x'], ['a'], [], 'relu'),
        node('QuantizeLinear', ['a', 's', 'z'], ['aq'], [], 'a_q'),
        node('DequantizeLinear', ['aq', 's6', 'z'], ['b_dq'], [], 'b_dq'),
        node('Sigmoid', ['b_dq'], ['y'], [], 'sig'),
      ],
      inputs: [valueInfo('x', F, [1, 4])],
      outputs: [valueInfo('y', F, [1, 4])],
      initializers: [floatTensor('s', [], [0.06]), floatTensor('s6', [], [0.01]), makeTensor('z', TensorProto_DataType.UINT8, [], new Uint8Array([0]))],
    });
    // Without its own copy the tensor is compared as it is computed (float), never with the scaled copy.
    expect(pairTensors(reference.graph!, candidate.graph!).pairs.find((p) => p.tensor === 'a')?.candidateTensor).toBe('a');
    const restored = withOwnDequantize(candidate);
    const own = restored.graph!.node.find((n) => n.opType === 'DequantizeLinear' && n.input[1] === 's')!;
    expect(own.input).toEqual(['aq', 's', 'z']);
    expect(restored.graph!.node.indexOf(own)).toBe(2);
    const a = pairTensors(reference.graph!, restored.graph!).pairs.find((p) => p.tensor === 'a')!;
    expect([a.candidateTensor, a.quantized]).toEqual([own.output[0], true]);
    expect(candidate.graph!.node).toHaveLength(4); // the user's model is not touched
    expect(withOwnDequantize(restored)).toBe(restored);
  });

  it('runs on a tiny classifier and its int8 variant, images decoded like compare does', async () => {
    const model = path.join(dir, 'tiny.onnx');
    await writeModel(tinyClassifier(), model);
    const images = await writeImages(tempDir('parity-layers-img-'), 12);
    const variant = path.join(dir, 'tiny.int8.onnx');
    await convert({ model, recipe: 'int8-static', output: variant, calib: images, preprocess: TINY_PREPROCESS, measureSpeed: false });
    const result = await runLayers({ reference: model, candidate: variant, images, preprocess: TINY_PREPROCESS, maxImages: 12, floorDb: 60, threads: 1 }, jobContext());
    expect(result.images).toBe(12);
    // conv1 writes the tensor of a node folded into it by the preparation (BatchNormalization, then its Clip):
    // the pair is matched by that tensor's name, and conv1 is the node to exclude.
    const bn = result.rows.find((r) => r.candidateNode === 'conv1')!;
    expect(['bn1', 'clip1']).toContain(bn.node);
    expect(bn.quantized).toBe(true);
    expect(bn.sqnrDb).toBeGreaterThan(15);
    expect(bn.aloneSqnrDb).not.toBeNull();
    expect(result.firstBelowFloor).toBe(result.rows.indexOf(bn));
  }, SLOW);
});
