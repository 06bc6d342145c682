/**
 * int8-static's default placement, checked on what ONNX Runtime actually runs: a MobileNet-style block built in
 * code (Relu, ReLU6, residual Adds, hard-swish, squeeze-excite, MaxPool/AveragePool/Concat, Resize, Reshape, Gemm)
 * becomes integer kernels end to end with no float island; folded Relu/Clip are exact (putting each one back in
 * front of its QuantizeLinear changes no output); and on the real PaddleOCR models every float island left is
 * explained.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { create } from '@bufbuild/protobuf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCpuSession } from '../../../main/engine/infer/index.js';
import { floatTensor, makeTensor } from '../../../main/engine/convert/graph-edit.js';
import { decodeImage, listImages, preprocessImage, resolvePreprocessSpec } from '../../../main/engine/images/index.js';
import { NodeProtoSchema, readModel, tensorToTypedArray, topologicalOrder, writeModel, type ModelProto } from '../../../main/engine/onnx/index.js';
import { locateDetector, locateSample } from '../../../main/engine/samples/index.js';
import { removeTempDirs, tempDir } from '../onnx/model-builders.js';
import { convert, quietChannelModel, reluReadInsideIf, TINY_PREPROCESS, tinyMobileBlock, twoQuietChannels, writeImages } from './helpers.js';

afterAll(removeTempDirs);
const SLOW = 600_000;
const BLOCK_PREPROCESS = { width: 16, height: 16, mean: [0.5, 0.5, 0.5] as [number, number, number], std: [0.5, 0.5, 0.5] as [number, number, number] };

let dir: string;
let block: string;
let images: string;

beforeAll(async () => {
  dir = tempDir('parity-qdq-fusion-');
  block = path.join(dir, 'block.onnx');
  await writeModel(tinyMobileBlock(), block);
  images = path.join(dir, 'images');
  mkdirSync(images);
  await writeImages(images, 16, 16);
});

/** Seeded inputs in [-scale, scale]: scale 3 drives activations well past the calibrated ranges (and ReLU6's 6). */
function inputs(count: number, scale: number): Float32Array[] {
  return Array.from({ length: count }, (_, s) => Float32Array.from({ length: 768 }, (_, i) => scale * Math.sin(i * 0.37 + s * 1.7) * Math.cos(i * 0.051 + s)));
}

/** The first output of a model for each input, at the given optimization level. */
async function outputs(file: string, xs: readonly Float32Array[], level: 'disabled' | 'all', dims: readonly number[] = [1, 3, 16, 16]): Promise<Float32Array[]> {
  const session = await createCpuSession(file, { intraOpThreads: 1, optimizationLevel: level, spinning: false, quiet: true });
  try {
    const out: Float32Array[] = [];
    for (const x of xs) {
      const result = await session.run({ x: { dtype: 'float32', data: x, dims } });
      out.push(result[session.outputNames[0]!]!.data as Float32Array);
    }
    return out;
  } finally {
    await session.release();
  }
}

function maxAbsDiff(a: readonly Float32Array[], b: readonly Float32Array[]): number {
  return Math.max(...a.map((v, i) => v.reduce((m, x, j) => Math.max(m, Math.abs(x - b[i]![j]!)), 0)));
}

/**
 * The variant with every folded Relu/Clip of `source` put back in front of the QuantizeLinear that replaced it
 * (found by name: the folded operator's producer now writes the activation's output).
 */
function unfolded(variant: ModelProto, source: ModelProto): { model: ModelProto; restored: number } {
  const graph = variant.graph!;
  let restored = 0;
  for (const a of source.graph!.node.filter((n) => n.opType === 'Relu' || n.opType === 'Clip')) {
    const y = a.output[0]!;
    const producer = graph.node.find((n) => n.output.includes(y));
    if (producer === undefined || producer.opType === a.opType) continue;
    const raw = `${y}_unclipped`;
    producer.output = producer.output.map((o) => (o === y ? raw : o));
    const bounds: string[] = [];
    if (a.opType === 'Clip') {
      // Opset < 11 keeps the bounds in attributes, later opsets in (constant) inputs.
      const attribute = (name: string): number | undefined => a.attribute.find((x) => x.name === name)?.f;
      for (const [i, name, fallback] of [[1, 'min', -3.4e38], [2, 'max', 3.4e38]] as const) {
        const input = a.input[i] ?? '';
        const constant = input === '' ? undefined : source.graph!.initializer.find((t) => t.name === input);
        const value = constant !== undefined ? tensorToTypedArray({ dir: '' }, constant)[0]! : (attribute(name) ?? fallback);
        const bound = `${a.name || y}_${name}_restored`;
        graph.initializer.push(floatTensor(bound, [], [Number(value)]));
        bounds.push(bound);
      }
    }
    graph.node.push(create(NodeProtoSchema, { opType: a.opType, input: [raw, ...bounds], output: [y], name: `${a.name}_restored` }));
    restored++;
  }
  graph.node = topologicalOrder(graph);
  return { model: variant, restored };
}

describe('int8-static placement on a MobileNet-style block built in code', () => {
  it('runs as integer kernels end to end: no float island, every activation folded, predictions kept', async () => {
    const out = path.join(dir, 'block.int8.onnx');
    const result = await convert({ model: block, recipe: 'int8-static', output: out, preprocess: BLOCK_PREPROCESS, calib: images, channelSqnrFloorDb: 0 });
    const m = result.manifest;
    expect(m.fusion?.floatIslands).toEqual([]);
    expect(m.fusion?.integerKernels).toMatchObject({
      QLinearConv: 6,
      QGemm: 1,
      QLinearAdd: 3,
      QLinearMul: 2,
      QLinearConcat: 1,
      QLinearAveragePool: 1,
      QLinearGlobalAveragePool: 2,
    });
    // Relu, ReLU6 and hard-swish's Clip folded into QuantizeLinear; Div by 6 absorbed into a scale; HardSigmoid's
    // affine part folded into the Conv before it and its clip into that Conv's QuantizeLinear.
    for (const op of ['Relu', 'Clip', 'Div', 'HardSigmoid']) expect(m.opsAfter[op], op).toBeUndefined();
    expect(m.notes.some((n) => /no float island between quantized operators/.test(n))).toBe(true);
    // Only the network output's Softmax is float (after the last DQ).
    expect(m.fusion?.floatOps).toBe(1);
    const xs = inputs(12, 1);
    const [reference, variant] = [await outputs(block, xs, 'all'), await outputs(out, xs, 'all')];
    const top1 = (p: Float32Array): number => p.indexOf(Math.max(...p));
    const agree = reference.filter((p, i) => top1(p) === top1(variant[i]!)).length;
    console.log(`block int8-static: top-1 agreement ${agree}/12, max |Δp| ${maxAbsDiff(reference, variant).toFixed(4)}`);
    expect(agree).toBeGreaterThanOrEqual(11);
    expect(maxAbsDiff(reference, variant)).toBeLessThan(0.08);
  }, SLOW);

  it('folding is exact: each removed Relu/Clip put back before its QuantizeLinear changes no output', async () => {
    const out = path.join(dir, 'block.int8.onnx');
    const source = (await readModel(block)).proto;
    const { model, restored } = unfolded((await readModel(out)).proto, source);
    expect(restored).toBe(4);
    const withActivations = path.join(dir, 'block.int8.unfolded.onnx');
    await writeModel(model, withActivations);
    // Inputs three times the calibration images' scale, so that the activations clip.
    const xs = inputs(12, 3);
    // Plain ONNX semantics (no fusion): identical, since QuantizeLinear saturates where the activation clipped.
    expect(maxAbsDiff(await outputs(out, xs, 'disabled'), await outputs(withActivations, xs, 'disabled'))).toBe(0);
  }, SLOW);

  it('an operator kept float by the channel guard or by the user shows up as an explained island', async () => {
    const result = await convert({
      model: block,
      recipe: 'int8-static',
      output: path.join(dir, 'block.excluded.onnx'),
      preprocess: BLOCK_PREPROCESS,
      calib: images,
      channelSqnrFloorDb: 0,
      excludeNodes: ['concat'],
    });
    const islands = result.manifest.fusion!.floatIslands;
    expect(islands.map((i) => i.ops)).toEqual([['Concat', 'Conv']]);
    expect(islands[0]!.reason).toMatch(/excluded by --exclude-nodes/);
  }, SLOW);

  it('an excluded Conv or Gemm really computes in float32: ONNX Runtime does not quantize its weight and fuse it after all', async () => {
    // Read through a per-tensor DequantizeLinear, ORT's WeightBiasQuantization would give the float weight an 8-bit
    // per-tensor scale and its QDQ fusion would make a QLinearConv/QGemm of the excluded node.
    const out = path.join(dir, 'block.excluded-weighted.onnx');
    const result = await convert({ model: block, recipe: 'int8-static', output: out, preprocess: BLOCK_PREPROCESS, calib: images, channelSqnrFloorDb: 0, excludeNodes: ['dwconv', 'fc'] });
    const m = result.manifest;
    expect(m.fusion?.integerKernels.QLinearConv).toBe(5);
    expect(m.fusion?.integerKernels.QGemm).toBeUndefined();
    expect(m.fusion!.floatIslands.map((i) => i.reason).join(' | ')).toMatch(/dwconv \(run by ONNX Runtime in its NCHWc layout\): excluded by --exclude-nodes/);
    expect(m.notes.some((n) => /2 Conv\/Gemm node\(s\) kept in float32 read their activation through a per-channel DequantizeLinear/.test(n))).toBe(true);
    // Their weights stay the source's float32 values.
    const proto = (await readModel(out)).proto;
    const source = (await readModel(block)).proto;
    for (const name of ['dwconv', 'fc']) {
      const node = proto.graph!.node.find((n) => n.name === name)!;
      const weight = proto.graph!.initializer.find((t) => t.name === node.input[1]);
      const original = source.graph!.initializer.find((t) => t.name === source.graph!.node.find((n) => n.name === name)!.input[1])!;
      expect(weight && Array.from(tensorToTypedArray({ dir: '' }, weight) as Float32Array)).toEqual(Array.from(tensorToTypedArray({ dir: '' }, original) as Float32Array));
    }
    // The per-channel DequantizeLinear computes what a per-tensor one would: without fusion, the file equals one
    // whose per-channel copies are turned back into per-tensor DequantizeLinears (first entry of scale and zero point).
    const shared = (await readModel(out)).proto;
    const perChannel = shared.graph!.node.filter((n) => n.opType === 'DequantizeLinear' && n.input[1]!.startsWith('qfs'));
    expect(perChannel.length).toBeGreaterThan(0);
    for (const node of perChannel) {
      for (const slot of [1, 2]) {
        const t = shared.graph!.initializer.find((i) => i.name === node.input[slot])!;
        const values = tensorToTypedArray({ dir: '' }, t) as Float32Array | Uint8Array | Int8Array;
        const name = `${t.name}_per_tensor`;
        shared.graph!.initializer.push(makeTensor(name, t.dataType, [], values.slice(0, 1)));
        node.input[slot] = name;
      }
      node.attribute = node.attribute.filter((a) => a.name !== 'axis');
    }
    const sharedFile = path.join(dir, 'block.excluded-weighted.shared.onnx');
    await writeModel(shared, sharedFile);
    const xs = inputs(6, 1);
    expect(maxAbsDiff(await outputs(out, xs, 'disabled'), await outputs(sharedFile, xs, 'disabled'))).toBe(0);
  }, SLOW);
});

describe('tensors read inside control flow', () => {
  it('a Relu whose output an If branch reads is not folded: the branch still sees the clipped values', async () => {
    const model = path.join(dir, 'relu-if.onnx');
    await writeModel(reluReadInsideIf(), model);
    const small = path.join(dir, 'if-images');
    mkdirSync(small, { recursive: true });
    await writeImages(small, 8);
    const out = path.join(dir, 'relu-if.int8.onnx');
    const result = await convert({ model, recipe: 'int8-static', output: out, preprocess: TINY_PREPROCESS, calib: small, channelSqnrFloorDb: 0, measureSpeed: false });
    expect(result.manifest.opsAfter.Relu).toBe(1);
    const run = async (file: string): Promise<Float32Array> => {
      const session = await createCpuSession(file, { intraOpThreads: 1, optimizationLevel: 'disabled', spinning: false, quiet: true });
      try {
        const x = Float32Array.from({ length: 192 }, (_, i) => Math.sin(i * 0.41));
        return (await session.run({ x: { dtype: 'float32', data: x, dims: [1, 3, 8, 8] } })).z!.data as Float32Array;
      } finally {
        await session.release();
      }
    };
    // The branch sees the Relu's output: no negative value, zero wherever the float model's is zero. (Folded, the
    // Conv would write it unclipped and only the QuantizeLinear, which the branch does not read, would clip.)
    const [reference, variant] = [await run(model), await run(out)];
    expect(result.manifest.fusion?.integerKernels.QLinearConv).toBe(2);
    expect(Math.min(...variant)).toBe(0);
    expect(reference.every((v, i) => v > 0 || variant[i] === 0)).toBe(true);
  }, SLOW);
});

// Equalization (on by default) raises these quiet channels; the guard is what protects them without it.
describe('the channel guard is checked against the float model before it costs integer kernels', () => {
  it('drops the guard where the crushed channel does not matter downstream, keeps it where it is the output', async () => {
    const small = path.join(dir, 'small-images');
    mkdirSync(small, { recursive: true });
    await writeImages(small, 12);
    const run = async (name: string, weights: [number, number]) => {
      const model = path.join(dir, `${name}.onnx`);
      await writeModel(quietChannelModel(weights), model);
      return (await convert({ model, recipe: 'int8-static', output: path.join(dir, `${name}.int8.onnx`), preprocess: TINY_PREPROCESS, calib: small, equalize: false, measureSpeed: false })).manifest;
    };
    const ignored = await run('quiet-ignored', [1, 0]);
    expect(ignored.notes.find((n) => n.startsWith('Channel guard'))).toMatch(/would keep 1 tensor\(s\) float32; checked on 8 calibration image\(s\).* — dropped/);
    expect(ignored.nodes.excluded.map((e) => e.name)).not.toContain('read');
    expect(ignored.fusion?.integerKernels.QLinearConv).toBe(2);
    const needed = await run('quiet-needed', [0.001, 1000]);
    expect(needed.notes.find((n) => n.startsWith('Channel guard'))).toMatch(/— kept\.$/);
    expect(needed.nodes.excluded.find((e) => e.name === 'read')?.reason).toMatch(/differ too much in scale/);
    // Unchecked, the guard stays whatever it costs.
    const unchecked = await convert({ model: path.join(dir, 'quiet-ignored.onnx'), recipe: 'int8-static', output: path.join(dir, 'unchecked.int8.onnx'), preprocess: TINY_PREPROCESS, calib: small, channelGuardCheck: false, equalize: false, measureSpeed: false });
    expect(unchecked.manifest.nodes.excluded.find((e) => e.name === 'read')?.reason).toMatch(/differ too much in scale/);
    expect(unchecked.manifest.notes.some((n) => n.startsWith('Channel guard'))).toBe(false);
  }, SLOW);

  it('weighs each island of the guard on its own and keeps in float32 only the one the outputs need', async () => {
    const small = path.join(dir, 'small-images');
    mkdirSync(small, { recursive: true });
    await writeImages(small, 12);
    const model = path.join(dir, 'two-quiet.onnx');
    await writeModel(twoQuietChannels(), model);
    const m = (await convert({ model, recipe: 'int8-static', output: path.join(dir, 'two-quiet.int8.onnx'), preprocess: TINY_PREPROCESS, calib: small, equalize: false, measureSpeed: false })).manifest;
    const note = m.notes.find((n) => n.startsWith('Channel guard'))!;
    expect(note).toMatch(/would keep 2 tensor\(s\) float32;.* — kept\. The guard's 2 float island\(s\) weighed one by one: 1 needed .*, 1 quantized after all: 1 of 2 tensor\(s\) stay float32/);
    const excluded = m.nodes.excluded.map((e) => e.name);
    expect(excluded).toContain('read_a');
    expect(excluded).not.toContain('read_b');
    expect(m.fusion?.integerKernels.QLinearConv).toBe(2);
    // The variant written is the one weighed: branch a as close to float as with the whole guard, branch b integer.
    const xs = Array.from({ length: 4 }, (_, s) => Float32Array.from({ length: 192 }, (_, i) => Math.sin(i * 0.3 + s)));
    const session = async (file: string) => createCpuSession(file, { intraOpThreads: 1, optimizationLevel: 'all', spinning: false, quiet: true });
    const [ref, q] = [await session(model), await session(path.join(dir, 'two-quiet.int8.onnx'))];
    try {
      for (const x of xs) {
        const feed = { x: { dtype: 'float32' as const, data: x, dims: [1, 3, 8, 8] } };
        const [r, c] = [await ref.run(feed), await q.run(feed)];
        const ya = [r.ya!.data as Float32Array, c.ya!.data as Float32Array];
        expect(Math.abs(ya[0]![0]! - ya[1]![0]!)).toBeLessThan(0.05 * Math.abs(ya[0]![0]!) + 1e-3);
      }
    } finally {
      await Promise.all([ref.release(), q.release()]);
    }
  }, SLOW);
});

describe('int8-static on the PaddleOCR models: float islands', () => {
  const cls = locateSample();
  const det = locateDetector();

  it('classifier: folded activations are exact on real images, and every island is explained', async () => {
    const out = path.join(dir, 'cls.int8.onnx');
    const result = await convert({ model: cls.modelPath, recipe: 'int8-static', output: out, preprocess: cls.preprocess, calib: cls.imagesDir, calibSize: 32, measureSpeed: false });
    const m = result.manifest;
    console.log(`classifier: ${JSON.stringify(m.fusion?.integerKernels)}, islands ${JSON.stringify(m.fusion?.floatIslands.map((i) => i.ops.join('+')))}`);
    expect(m.fusion!.integerKernels.QLinearConv).toBeGreaterThan(40);
    for (const island of m.fusion!.floatIslands) expect(island.reason).toMatch(/differ too much in scale|no integer CPU kernel|network output|excluded/);
    const source = (await readModel(cls.modelPath)).proto;
    const { model, restored } = unfolded((await readModel(out)).proto, source);
    expect(restored).toBeGreaterThan(20);
    const withActivations = path.join(dir, 'cls.int8.unfolded.onnx');
    await writeModel(model, withActivations);
    const { entries } = await listImages(cls.imagesDir, { withLabels: false });
    const spec = resolvePreprocessSpec(cls.preprocess, { name: 'x', dtype: 'float32', shape: [1, 3, 48, 192] });
    const xs = await Promise.all(entries.slice(0, 16).map(async (e) => (await preprocessImage(await decodeImage(e.absPath), spec)).data as Float32Array));
    const dims = [1, 3, 48, 192];
    expect(maxAbsDiff(await outputs(out, xs, 'disabled', dims), await outputs(withActivations, xs, 'disabled', dims))).toBe(0);
  }, SLOW);

  it('detector: with the channel guard off, no float island is left between quantized operators', async () => {
    const result = await convert({ model: det.modelPath, recipe: 'int8-static', output: path.join(dir, 'det.int8.onnx'), preprocess: det.preprocess, calib: det.imagesDir, calibSize: 4, channelSqnrFloorDb: 0, measureSpeed: false });
    const m = result.manifest;
    console.log(`detector (guard off): ${JSON.stringify(m.fusion?.integerKernels)}, islands ${JSON.stringify(m.fusion?.floatIslands)}`);
    expect(m.fusion?.floatIslands).toEqual([]);
    // Every Conv (the 2 ConvTranspose have no integer CPU kernel and stay float, after the last quantized tensor).
    expect(m.fusion!.integerKernels.QLinearConv).toBe(m.opsBefore.Conv);
    const graph = (await readModel(path.join(dir, 'det.int8.onnx'))).proto.graph!;
    // No node whose output nothing reads: the Mul/Div absorbed into DequantizeLinear scales used to leave their
    // tensors' own DequantizeLinear unread, and ONNX Runtime ran every one of them (13% of the guarded file's time).
    const read = new Set([...graph.node.flatMap((n) => n.input), ...graph.output.map((o) => o.name)]);
    expect(graph.node.filter((n) => !n.output.some((o) => read.has(o))).map((n) => `${n.opType} ${n.output[0]}`)).toEqual([]);
    expect(Number(/(\d+) Mul\/Div by a positive scalar absorbed/.exec(m.notes.join(' '))?.[1])).toBeGreaterThan(40);
    // The float32 ConvTransposes keep the source's float32 weights as constants (which ONNX Runtime prepacks), not
    // int8 weights behind a DequantizeLinear (dequantized on every run and read by its generic kernel).
    expect(m.notes.join(' ')).toMatch(/2 weighted node\(s\) keep float32 activations \(see excluded\): computed in float32; they keep their float32 weights \(\+\d+\.\d KiB over int8\)/);
    const transposes = graph.node.filter((n) => n.opType === 'ConvTranspose');
    expect(transposes).toHaveLength(2);
    for (const node of transposes) {
      expect(graph.initializer.find((t) => t.name === node.input[1])?.dataType).toBe(1);
      expect(m.nodes.excluded.find((e) => e.name === node.name)?.reason).toMatch(/float32 weights, float32 compute/);
    }
  }, SLOW);
});
