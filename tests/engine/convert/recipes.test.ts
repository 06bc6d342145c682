/**
 * Every recipe on small models built in code (opset 9 with a Constant-node weight, BatchNorm, Clip attributes,
 * Softmax; and a Resize model): the variant loads in ONNX Runtime, passes our structural check, keeps float32 I/O
 * and predicts what the original predicts; the manifest records what was done and why.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversionManifestSchema } from '../../../shared/report/conversion-manifest.js';
import { createCpuSession } from '../../../main/engine/infer/index.js';
import { checkModelStructure, readModel, TensorProto_DataType as DataType, writeModel } from '../../../main/engine/onnx/index.js';
import { decodeImage, listImages, preprocessImage, resolvePreprocessSpec } from '../../../main/engine/images/index.js';
import { CLS_MODEL, removeTempDirs, tempDir } from '../onnx/model-builders.js';
import { convert, TINY_PREPROCESS, tinyClassifier, tinyResizeModel, writeImages } from './helpers.js';

let dir: string;
let classifier: string;
let resizeModel: string;
let images: string;

beforeAll(async () => {
  dir = tempDir('parity-convert-test-');
  classifier = path.join(dir, 'classifier.onnx');
  resizeModel = path.join(dir, 'resize.onnx');
  await writeModel(tinyClassifier(), classifier);
  await writeModel(tinyResizeModel(), resizeModel);
  images = path.join(dir, 'images');
  mkdirSync(images);
  await writeImages(images, 24);
});
afterAll(removeTempDirs);

function input(seed: number): Float32Array {
  return Float32Array.from({ length: 192 }, (_, i) => Math.sin(i * 0.29 + seed) * Math.cos(seed * 0.7 + i * 0.013));
}

const seededInputs = (count: number): Float32Array[] => Array.from({ length: count }, (_, s) => input(s));

/** Each input through both models (each session opened once): the outputs side by side, per input. */
async function pairedOutputs(reference: string, variant: string, inputs: readonly Float32Array[]): Promise<Array<[Record<string, Float32Array>, Record<string, Float32Array>]>> {
  const sessions = [await createCpuSession(reference, { intraOpThreads: 0, optimizationLevel: 'all' }), await createCpuSession(variant, { intraOpThreads: 0, optimizationLevel: 'all' })];
  try {
    const pairs: Array<[Record<string, Float32Array>, Record<string, Float32Array>]> = [];
    for (const x of inputs) {
      const [a, b] = await Promise.all(sessions.map(async (session) => {
        const result = await session.run({ x: { dtype: 'float32', data: x, dims: [1, 3, 8, 8] } });
        return Object.fromEntries(Object.entries(result).map(([k, v]) => [k, v.data as Float32Array]));
      }));
      pairs.push([a!, b!]);
    }
    return pairs;
  } finally {
    for (const session of sessions) await session.release();
  }
}

/** The largest |Δ| of one output over all inputs. */
async function worstDiff(reference: string, variant: string, inputs: readonly Float32Array[], output = 'y'): Promise<number> {
  const pairs = await pairedOutputs(reference, variant, inputs);
  return Math.max(...pairs.map(([a, b]) => maxAbsDiff(a[output]!, b[output]!)));
}

async function imageTensors(): Promise<Float32Array[]> {
  const { entries } = await listImages(images, { withLabels: false });
  const spec = resolvePreprocessSpec(TINY_PREPROCESS, { name: 'x', dtype: 'float32', shape: [1, 3, 8, 8] });
  return Promise.all(entries.map(async (e) => (await preprocessImage(await decodeImage(e.absPath), spec)).data as Float32Array));
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
}

async function assertSound(file: string): Promise<void> {
  const model = await readModel(file);
  expect(checkModelStructure(model).filter((i) => i.severity === 'error')).toEqual([]);
  const graph = model.proto.graph!;
  // Inputs and outputs stay float32 whatever the recipe.
  for (const v of [...graph.input, ...graph.output]) {
    const t = v.type?.value;
    expect(t?.case === 'tensorType' ? t.value.elemType : -1).toBe(DataType.FLOAT);
  }
}

describe('recipes on a small opset-9 classifier', () => {
  it('fp16-weights: float16 storage behind one Cast each, same predictions', async () => {
    const out = path.join(dir, 'out', 'fp16w.onnx');
    const result = await convert({ model: classifier, recipe: 'fp16-weights', output: out, preprocess: TINY_PREPROCESS });
    await assertSound(out);
    const model = await readModel(out);
    const graph = model.proto.graph!;
    const halves = graph.initializer.filter((t) => t.dataType === DataType.FLOAT16);
    expect(halves.length).toBeGreaterThanOrEqual(3);
    for (const h of halves) {
      const readers = graph.node.filter((n) => n.input.includes(h.name));
      expect(readers.map((n) => n.opType)).toEqual(['Cast']);
    }
    // BatchNormalization was folded into the Conv by the preparation step.
    expect(result.manifest.opsBefore.BatchNormalization).toBe(1);
    expect(result.manifest.opsAfter.BatchNormalization).toBeUndefined();
    expect(await worstDiff(classifier, out, seededInputs(4))).toBeLessThan(5e-3);
  });

  it('fp16: compute in float16, float32 I/O, no Cast chains, same predictions', async () => {
    const out = path.join(dir, 'out', 'fp16.onnx');
    const result = await convert({ model: classifier, recipe: 'fp16', output: out, preprocess: TINY_PREPROCESS });
    await assertSound(out);
    const graph = (await readModel(out)).proto.graph!;
    expect(graph.initializer.some((t) => t.dataType === DataType.FLOAT16)).toBe(true);
    expect(graph.initializer.filter((t) => t.dataType === DataType.FLOAT && t.dims.length > 0 && Number(t.dims[0]) > 1)).toEqual([]);
    const producer = new Map(graph.node.flatMap((n) => n.output.map((o) => [o, n] as const)));
    for (const n of graph.node.filter((x) => x.opType === 'Cast')) {
      expect(producer.get(n.input[0]!)?.opType).not.toBe('Cast');
    }
    expect(result.manifest.nodes.quantized.length).toBeGreaterThan(5);
    expect(await worstDiff(classifier, out, seededInputs(4))).toBeLessThan(5e-3);
  });

  it('int8-dynamic: int8 MatMul weights, convolutions left in float with the reason', async () => {
    const out = path.join(dir, 'out', 'dyn.onnx');
    const result = await convert({ model: classifier, recipe: 'int8-dynamic', output: out, preprocess: TINY_PREPROCESS });
    await assertSound(out);
    const ops = result.manifest.opsAfter;
    expect(ops.MatMulInteger).toBe(1);
    expect(ops.DynamicQuantizeLinear).toBe(1);
    // ORT's preparation fused MatMul + Add into a Gemm (named after the MatMul), quantized with its bias.
    expect(result.manifest.nodes.quantized).toEqual([expect.stringMatching(/^fc/)]);
    const convs = result.manifest.nodes.excluded.filter((e) => /ConvInteger/.test(e.reason));
    expect(convs.length).toBe(2);
    expect(result.manifest.int8Path?.reason).toMatch(/bit weights/);
    expect(await worstDiff(classifier, out, seededInputs(4))).toBeLessThan(0.05);
  });

  it('int8-static: every Conv, the Gemm and the pool as integer kernels, Clip and Relu folded, no float island', async () => {
    const out = path.join(dir, 'out', 'static.onnx');
    // The channel check is off here (this random model has near-dead channels); the next test covers it.
    const result = await convert({ model: classifier, recipe: 'int8-static', output: out, preprocess: TINY_PREPROCESS, calib: images, calibSize: 16, seed: 3, channelSqnrFloorDb: 0 });
    await assertSound(out);
    const m = result.manifest;
    expect(m.calibration).toMatchObject({ method: 'minmax', images: 16, seed: 3, dir: images });
    expect(m.opsAfter.QuantizeLinear).toBeGreaterThanOrEqual(3);
    expect(m.nodes.quantized.sort()).toEqual(['conv1', 'conv2', expect.stringMatching(/^fc/), 'pool']);
    const graph = (await readModel(out)).proto.graph!;
    const int32 = graph.initializer.filter((t) => t.dataType === DataType.INT32);
    expect(int32.length).toBeGreaterThanOrEqual(1);
    const int8 = graph.initializer.filter((t) => t.dataType === DataType.INT8);
    expect(int8.map((t) => t.dims.map(Number))).toEqual(expect.arrayContaining([[6, 3, 3, 3], [8, 6, 1, 1], [8, 3]]));
    // The Clip(0, 6) after conv1 and the Relu after conv2 are folded into their QuantizeLinear.
    expect(m.opsAfter.Relu).toBeUndefined();
    expect(m.opsAfter.Clip).toBeUndefined();
    expect(m.options).toMatchObject({ perChannel: true, activationType: 'uint8', weightType: 'int8', format: 'QDQ', calibMethod: 'minmax' });
    // ONNX Runtime runs it as integer kernels from the first Conv to the Gemm: nothing float in between.
    expect(m.fusion?.floatIslands).toEqual([]);
    expect(m.fusion?.integerKernels).toMatchObject({ QLinearConv: 2, QLinearGlobalAveragePool: 1 });
    // Judged on the calibration images themselves, the inputs the ranges were measured on.
    let agree = 0;
    let worst = 0;
    const tensors = await imageTensors();
    for (const [a, b] of await pairedOutputs(classifier, out, tensors)) {
      if (a.y!.indexOf(Math.max(...a.y!)) === b.y!.indexOf(Math.max(...b.y!))) agree++;
      worst = Math.max(worst, maxAbsDiff(a.y!, b.y!));
    }
    console.log(`tiny classifier int8-static: top-1 agreement ${agree}/${tensors.length}, max |Δp| ${worst.toFixed(4)}`);
    expect(agree / tensors.length).toBeGreaterThanOrEqual(0.95);
    expect(worst).toBeLessThan(0.05);
  });

  it('int8-static keeps activations in float where one int8 scale would crush some of their channels', async () => {
    const out = path.join(dir, 'out', 'static-guarded.onnx');
    // The guard itself, unchecked (qdq-fusion.test.ts covers the check that can drop it).
    const result = await convert({ model: classifier, recipe: 'int8-static', output: out, preprocess: TINY_PREPROCESS, calib: images, calibSize: 16, seed: 3, channelGuardCheck: false });
    await assertSound(out);
    const guarded = result.manifest.nodes.excluded.find((e) => /^fc/.test(e.name));
    expect(guarded?.reason).toMatch(/weakest channel -?\d+\.\d dB SQNR, floor 12 dB/);
    // Its weights are int8 all the same: the node is listed as quantized and no float MatMul weight is left.
    expect(result.manifest.nodes.quantized).toContain(guarded!.name);
    const graph = (await readModel(out)).proto.graph!;
    expect(graph.initializer.filter((t) => t.dataType === DataType.FLOAT && t.dims.length === 2)).toEqual([]);
    expect(await worstDiff(classifier, out, await imageTensors())).toBeLessThan(0.05);
  });

  it('int8-static with int8 activations, asymmetric uint8 weights per tensor and percentile calibration', async () => {
    const out = path.join(dir, 'out', 'static-s8.onnx');
    const result = await convert({
      model: classifier,
      recipe: 'int8-static',
      output: out,
      preprocess: TINY_PREPROCESS,
      calib: images,
      channelSqnrFloorDb: 0,
      activationType: 'int8',
      weightType: 'uint8',
      perChannel: false,
      calibMethod: 'percentile',
      percentile: 99.9,
    });
    await assertSound(out);
    expect(result.manifest.options).toMatchObject({ activationType: 'int8', weightType: 'uint8', perChannel: false, percentile: 99.9 });
    const graph = (await readModel(out)).proto.graph!;
    expect(graph.initializer.filter((t) => t.dataType === DataType.UINT8 && t.dims.length === 4).length).toBe(2);
    expect(graph.initializer.filter((t) => t.dataType === DataType.INT8 && t.dims.length === 0).length).toBeGreaterThanOrEqual(3);
    expect(await worstDiff(classifier, out, await imageTensors())).toBeLessThan(0.1);
  });

  it('int8-static quantizes weightless ops by default (DQ → pool → Q); --also-quantize is accepted and noted', async () => {
    const out = path.join(dir, 'out', 'static-pool.onnx');
    const result = await convert({
      model: classifier,
      recipe: 'int8-static',
      output: out,
      preprocess: TINY_PREPROCESS,
      calib: images,
      channelSqnrFloorDb: 0,
      alsoQuantize: ['GlobalAveragePool'],
    });
    await assertSound(out);
    expect(result.manifest.nodes.quantized).toContain('pool');
    expect(result.manifest.notes.some((n) => /--also-quantize GlobalAveragePool is no longer needed/.test(n))).toBe(true);
    const graph = (await readModel(out)).proto.graph!;
    const pool = graph.node.find((n) => n.opType === 'GlobalAveragePool')!;
    const producer = new Map(graph.node.flatMap((n) => n.output.map((o) => [o, n] as const)));
    expect(producer.get(pool.input[0]!)?.opType).toBe('DequantizeLinear');
    expect(graph.node.filter((n) => n.input.includes(pool.output[0]!)).map((n) => n.opType)).toEqual(['QuantizeLinear']);
    expect(await worstDiff(classifier, out, await imageTensors())).toBeLessThan(0.05);
    // --exclude-ops keeps it float (its output is not quantized, or ONNX Runtime would fuse it all the same): a float
    // island between the Conv and the Gemm, with its reason.
    const kept = await convert({ model: classifier, recipe: 'int8-static', output: path.join(dir, 'out', 'static-pool-float.onnx'), preprocess: TINY_PREPROCESS, calib: images, channelSqnrFloorDb: 0, excludeOps: ['GlobalAveragePool'] });
    expect(kept.manifest.nodes.quantized).not.toContain('pool');
    expect(kept.manifest.nodes.excluded).toContainEqual({ name: 'pool', reason: 'excluded by --exclude-ops (GlobalAveragePool)' });
    expect(kept.manifest.fusion?.floatIslands).toEqual([
      { nodes: ['pool', 'flatten'], ops: ['GlobalAveragePool', 'Flatten'], reason: expect.stringMatching(/^excluded by --exclude-ops \(GlobalAveragePool\); p is written by pool/) },
    ]);
    expect(kept.manifest.fusion?.integerKernels).toMatchObject({ QLinearConv: 2, QGemm: 1 });
  });

  it('writes a manifest with every field filled from real data', async () => {
    const out = path.join(dir, 'out', 'manifest-check.onnx');
    const result = await convert({ model: classifier, recipe: 'fp16-weights', output: out, preprocess: TINY_PREPROCESS });
    const m = ConversionManifestSchema.parse(JSON.parse(readFileSync(result.manifestPath, 'utf8')));
    expect(result.manifestPath).toBe(path.join(dir, 'out', 'manifest-check.manifest.json'));
    expect(m.source.path).toBe(classifier);
    expect(m.source.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(m.output.sizeBytes).toBe(readFileSync(out).length);
    expect(m.sizeRatio).toBeCloseTo(m.output.sizeBytes / m.source.sizeBytes, 10);
    expect(m.ioMapping.inputs).toEqual([{ source: { name: 'x', dtype: 'float32', shape: ['N', 3, 8, 8] }, output: { name: 'x', dtype: 'float32', shape: ['N', 3, 8, 8] } }]);
    expect(m.ioMapping.outputs[0]!.output.dtype).toBe('float32');
    expect(m.ortVersion).toMatch(/^1\.\d+\.\d+/);
    expect(Array.isArray(m.cpuFlags)).toBe(true);
    expect(m.speed?.runs).toBeGreaterThanOrEqual(7);
    expect(m.notes.some((n) => /this CPU/.test(n))).toBe(true);
  });
});

describe('fp16 block list', () => {
  it('keeps Resize in float32 with Casts around it, and both outputs float32', async () => {
    const out = path.join(dir, 'out', 'resize-fp16.onnx');
    const result = await convert({ model: resizeModel, recipe: 'fp16', output: out, measureSpeed: false });
    await assertSound(out);
    expect(result.manifest.nodes.excluded).toEqual([{ name: 'resize', reason: expect.stringMatching(/float32/) }]);
    const graph = (await readModel(out)).proto.graph!;
    const resize = graph.node.find((n) => n.opType === 'Resize')!;
    const producer = new Map(graph.node.flatMap((n) => n.output.map((o) => [o, n] as const)));
    expect(producer.get(resize.input[0]!)?.opType).toBe('Cast');
    const [a, b] = (await pairedOutputs(resizeModel, out, [input(1)]))[0]!;
    expect(maxAbsDiff(a.y!, b.y!)).toBeLessThan(2e-3);
    expect(maxAbsDiff(a.m!, b.m!)).toBeLessThan(2e-3);
  });
});

describe('bad input and failures', () => {
  it('refuses precision recipes on a quantized model and int8 on a float16 one', async () => {
    const q = path.join(dir, 'out', 'static-for-guard.onnx');
    await convert({ model: classifier, recipe: 'int8-dynamic', output: q, measureSpeed: false });
    await expect(convert({ model: q, recipe: 'fp16', output: path.join(dir, 'out', 'g1.onnx') })).rejects.toMatchObject({ code: 'UNSUPPORTED', message: expect.stringMatching(/already quantized/) });
    const h = path.join(dir, 'out', 'fp16-for-guard.onnx');
    await convert({ model: classifier, recipe: 'fp16', output: h, measureSpeed: false });
    await expect(convert({ model: h, recipe: 'int8-static', output: path.join(dir, 'out', 'g2.onnx'), calib: images, preprocess: TINY_PREPROCESS })).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    await expect(convert({ model: h, recipe: 'fp16-weights', output: path.join(dir, 'out', 'g3.onnx') })).rejects.toMatchObject({ code: 'UNSUPPORTED', message: expect.stringMatching(/float16/) });
    expect(existsSync(path.join(dir, 'out', 'g1.onnx'))).toBe(false);
  });

  it('int8-static needs --calib and a folder with usable images; nothing is written otherwise', async () => {
    const outDir = path.join(dir, 'failures');
    const out = path.join(outDir, 'never.onnx');
    await expect(convert({ model: classifier, recipe: 'int8-static', output: out, preprocess: TINY_PREPROCESS })).rejects.toMatchObject({ code: 'BAD_OPTION', message: expect.stringMatching(/--calib/) });
    const junk = path.join(dir, 'junk');
    mkdirSync(junk, { recursive: true });
    await writeModel(tinyResizeModel(), path.join(junk, 'not-an-image.png'));
    await expect(convert({ model: classifier, recipe: 'int8-static', output: out, calib: junk, preprocess: TINY_PREPROCESS })).rejects.toMatchObject({ code: 'BAD_OPTION', message: expect.stringMatching(/no usable image/) });
    await expect(convert({ model: classifier, recipe: 'int8-static', output: out, calib: path.join(dir, 'nowhere') })).rejects.toMatchObject({ code: 'BAD_OPTION' });
    expect(existsSync(out)).toBe(false);
    // No staging folder or temp file is left behind either.
    expect(existsSync(outDir) ? readdirSync(outDir) : []).toEqual([]);
  });

  it('writes weights as external data when the file would be too large, and the variant still loads', async () => {
    const out = path.join(dir, 'external', 'ext.onnx');
    // The real classifier (579 kB); any file over 100 kB is "too large" for this test.
    const result = await convert({ model: CLS_MODEL, recipe: 'fp16-weights', output: out, measureSpeed: false, maxInlineBytes: 100_000 });
    expect(existsSync(`${out}.data`)).toBe(true);
    const onnxBytes = readFileSync(out).length;
    expect(onnxBytes).toBeLessThan(100_000);
    expect(result.manifest.output.sizeBytes).toBeGreaterThan(onnxBytes + 200_000);
    expect(result.manifest.output.sizeBytes).toBeLessThanOrEqual(onnxBytes + readFileSync(`${out}.data`).length);
    expect(readdirSync(path.dirname(out)).sort()).toEqual(['ext.manifest.json', 'ext.onnx', 'ext.onnx.data']);
    await assertSound(out);
  });
});
