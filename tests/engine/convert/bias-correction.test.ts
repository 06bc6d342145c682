/**
 * Bias correction (qdq/bias-correction.ts): the closed-form shift matches what ONNX Runtime computes for the
 * weights' error on an input at its channel means (grouped Conv, Gemm either way round); int8-static with it
 * removes the output shift that weights rounding all one way cause, on images calibration did not see; and the
 * check puts the uncorrected biases back when the outputs are closer to the reference without them.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calibrate } from '../../../main/engine/convert/calibration/calibrate.js';
import { selectCalibrationImages } from '../../../main/engine/convert/calibration/calibration-images.js';
import { checkBiasCorrection } from '../../../main/engine/convert/qdq/bias-check.js';
import { roundingShift, useBiases } from '../../../main/engine/convert/qdq/bias-correction.js';
import { planGraph, quantizeGraph, resolveGraph } from '../../../main/engine/convert/qdq/quantize-graph.js';
import { probeTensorTypes } from '../../../main/engine/convert/tensor-types.js';
import type { PreprocessSpec } from '../../../shared/preprocess.js';
import type { WeightedNode } from '../../../main/engine/convert/weighted-nodes.js';
import { createCpuSession } from '../../../main/engine/infer/index.js';
import { decodeImage, listImages, preprocessImage, resolvePreprocessSpec } from '../../../main/engine/images/index.js';
import { readModel, TensorProto_DataType, writeModel, type ModelProto } from '../../../main/engine/onnx/index.js';
import { floatTensor, intAttribute, modelOf, node, removeTempDirs, tempDir, valueInfo } from '../onnx/model-builders.js';
import { convert, jobContext, TINY_PREPROCESS, writeImages } from './helpers.js';

afterAll(removeTempDirs);
const SLOW = 300_000;
const F = TensorProto_DataType.FLOAT;

let dir: string;

beforeAll(() => {
  dir = tempDir('parity-bias-correction-');
});

/** Runs a one-input model once at level 'disabled' and returns its output `y`. */
async function runOnce(file: string, data: Float32Array, dims: number[]): Promise<Float32Array> {
  const session = await createCpuSession(file, { intraOpThreads: 1, optimizationLevel: 'disabled', spinning: false, quiet: true });
  try {
    return (await session.run({ x: { dtype: 'float32', data, dims } })).y!.data as Float32Array;
  } finally {
    await session.release();
  }
}

const wave = (n: number, salt: number): Float32Array => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.61 + salt) * Math.cos(i * 0.23 + salt * 2));

function weighted(model: ModelProto, channelAxis: number): WeightedNode {
  const graph = model.graph!;
  return { node: graph.node[0]!, label: graph.node[0]!.name, activation: 'x', weight: graph.initializer[0]!, channelAxis, bias: null };
}

/**
 * The undo path, at the level the recipe uses: quantized with the correction, then checked against the uncorrected
 * file itself as the reference, the correction can only lose, so the check drops it and the graph computes exactly
 * what the uncorrected file computes; against the float model it stays.
 */
async function checkUndo(file: string, calib: string, spec: PreprocessSpec, outputsOf: (f: string) => Promise<Float32Array[]>): Promise<void> {
  const quantized = async () => {
    const model = await readModel(file);
    const planned = planGraph(model.proto, model, await probeTensorTypes(model, dir), { excludeNodes: new Set(), excludeOps: new Set() });
    const images = await selectCalibrationImages(calib, 12, 0);
    const calibration = await calibrate(model, 'x', [...planned.plan.observe.keys()], images, spec, { method: 'minmax', percentile: 99.999, threads: 1 }, dir, jobContext(), planned.plan.observe);
    const settings = { minChannelSqnrDb: null, perChannel: true, reduceRange: false, activationType: 'uint8', weightType: 'int8' } as const;
    const q = quantizeGraph(planned, resolveGraph(planned, calibration.ranges, calibration.meanSquares, settings), settings, calibration.channelMeans);
    return { model, swaps: q.result.biasSwaps, entries: images.entries };
  };
  const a = await quantized();
  expect(a.swaps).toHaveLength(2);
  const plainFile = path.join(dir, 'undo-plain.onnx');
  useBiases(a.model.proto.graph!, a.swaps, 'plain');
  await writeModel(a.model.proto, plainFile);
  useBiases(a.model.proto.graph!, a.swaps, 'corrected');
  const dropped = await checkBiasCorrection(plainFile, a.model, a.swaps, 'x', a.entries, spec, dir);
  expect(dropped).toMatchObject({ keep: false, plainDb: Infinity, images: 8 });
  const undone = path.join(dir, 'undo-result.onnx');
  await writeModel(a.model.proto, undone);
  const [want, got] = [await outputsOf(plainFile), await outputsOf(undone)];
  got.forEach((g, k) => expect([...g]).toEqual([...want[k]!]));

  const b = await quantized();
  const kept = await checkBiasCorrection(file, b.model, b.swaps, 'x', b.entries, spec, dir);
  expect(kept.keep).toBe(true);
  expect(kept.correctedDb).toBeGreaterThan(kept.plainDb);
}

describe('bias correction', () => {
  it('gives, per output channel, the mean ONNX Runtime computes for the weights error on an input at its channel means', async () => {
    // Grouped Conv without padding: every output position sees the constant input, so its value is the shift.
    const error = wave(6 * 2 * 3 * 3, 1);
    const conv = modelOf({
      opset: [['', 13]],
      nodes: [node('Conv', ['x', 'w'], ['y'], [intAttribute('group', 2)], 'conv')],
      inputs: [valueInfo('x', F, [1, 4, 5, 5])],
      outputs: [valueInfo('y', F, [1, 6, 3, 3])],
      initializers: [floatTensor('w', [6, 2, 3, 3], error)],
    });
    const means = Float64Array.of(0.5, -1.25, 2, 0.75);
    const file = path.join(dir, 'conv-error.onnx');
    await writeModel(conv, file);
    const input = Float32Array.from({ length: 4 * 25 }, (_, i) => means[Math.floor(i / 25)]!);
    const out = await runOnce(file, input, [1, 4, 5, 5]);
    const shift = roundingShift(weighted(conv, 0), new Float32Array(error.length), error, means)!;
    expect(shift).toHaveLength(6);
    shift.forEach((s, c) => expect(s).toBeCloseTo(out[c * 9]!, 5));
    // Means of another channel count (a tensor observed along another axis) give no correction.
    expect(roundingShift(weighted(conv, 0), new Float32Array(error.length), error, Float64Array.of(1, 2))).toBeNull();

    for (const transB of [0, 1]) {
      const gemmError = wave(5 * 3, 2 + transB);
      const gemm = modelOf({
        opset: [['', 13]],
        nodes: [node('Gemm', ['x', 'w'], ['y'], [intAttribute('transB', transB)], 'fc')],
        inputs: [valueInfo('x', F, [1, 5])],
        outputs: [valueInfo('y', F, [1, 3])],
        initializers: [floatTensor('w', transB === 1 ? [3, 5] : [5, 3], gemmError)],
      });
      const gemmFile = path.join(dir, `gemm-${transB}.onnx`);
      await writeModel(gemm, gemmFile);
      const x = Float64Array.of(1, -2, 0.5, 3, -0.25);
      const y = await runOnce(gemmFile, Float32Array.from(x), [1, 5]);
      const s = roundingShift(weighted(gemm, transB === 1 ? 0 : 1), new Float32Array(gemmError.length), gemmError, x)!;
      s.forEach((v, c) => expect(v).toBeCloseTo(y[c]!, 5));
    }
  });

  it('removes the output shift of weights that all round the same way, on images calibration did not see', async () => {
    // 1×1 Conv over 16 non-negative channels (a Relu in front): one weight per row sets the int8 scale s, the others
    // sit at (k + 0.45)·s, so rounding lowers every one of them and the output falls by about 0.45·s·Σ E[x].
    const channels = 16;
    const s = 1 / 127;
    const w = new Float32Array(4 * channels);
    for (let o = 0; o < 4; o++) for (let i = 0; i < channels; i++) w[o * channels + i] = i === o ? 127 * s : (((o * 7 + i * 3) % 40) + 0.45) * s;
    const model = modelOf({
      opset: [['', 13]],
      nodes: [
        node('Conv', ['x', 'w0', 'b0'], ['c0'], [], 'expand'),
        node('Relu', ['c0'], ['r0'], [], 'relu'),
        node('Conv', ['r0', 'w1', 'b1'], ['y'], [], 'project'),
      ],
      inputs: [valueInfo('x', F, [1, 3, 8, 8])],
      outputs: [valueInfo('y', F, [1, 4, 8, 8])],
      initializers: [
        floatTensor('w0', [channels, 3, 1, 1], wave(channels * 3, 3)),
        floatTensor('b0', [channels], Float32Array.from({ length: channels }, () => 1)),
        floatTensor('w1', [4, channels, 1, 1], w),
        floatTensor('b1', [4], [0, 0, 0, 0]),
      ],
    });
    const file = path.join(dir, 'rounding.onnx');
    await writeModel(model, file);
    for (const sub of ['calib', 'all']) mkdirSync(path.join(dir, sub));
    const calib = await writeImages(path.join(dir, 'calib'), 12);
    const all = await writeImages(path.join(dir, 'all'), 20);
    const spec = resolvePreprocessSpec(TINY_PREPROCESS, { name: 'x', dtype: 'float32', shape: [1, 3, 8, 8] });
    const heldOut = (await listImages(all, { withLabels: false })).entries.slice(12);
    const inputs = await Promise.all(heldOut.map(async (e) => (await preprocessImage(await decodeImage(e.absPath), spec)).data as Float32Array));
    const outputsOf = async (f: string): Promise<Float32Array[]> => Promise.all(inputs.map((x) => runOnce(f, x, [1, 3, 8, 8])));
    const reference = await outputsOf(file);
    const measure = async (name: string, biasCorrection: boolean) => {
      const output = path.join(dir, `${name}.int8.onnx`);
      const { manifest } = await convert({ model: file, recipe: 'int8-static', output, preprocess: TINY_PREPROCESS, calib, reduceRange: false, measureSpeed: false, biasCorrection });
      const got = await outputsOf(output);
      let [signal, noise, drift, count] = [0, 0, 0, 0];
      reference.forEach((r, k) => r.forEach((v, j) => ((signal += v * v), (noise += (got[k]![j]! - v) ** 2), (drift += got[k]![j]! - v), count++)));
      return { manifest, sqnrDb: 10 * Math.log10(signal / noise), meanError: drift / count };
    };
    const plain = await measure('uncorrected', false);
    const corrected = await measure('corrected', true);
    console.log(`rounding model: mean output error ${plain.meanError.toFixed(4)} → ${corrected.meanError.toFixed(4)}, SQNR ${plain.sqnrDb.toFixed(1)} → ${corrected.sqnrDb.toFixed(1)} dB`);
    expect(plain.meanError).toBeLessThan(-0.03);
    expect(Math.abs(corrected.meanError)).toBeLessThan(Math.abs(plain.meanError) / 5);
    expect(corrected.sqnrDb).toBeGreaterThan(plain.sqnrDb + 6);
    expect(corrected.manifest.options.biasCorrection).toBe(true);
    expect(corrected.manifest.notes.find((n) => n.startsWith('Bias correction'))).toMatch(/^Bias correction of 2 node\(s\) .* — kept\./);
    expect(plain.manifest.notes.some((n) => n.startsWith('Bias correction'))).toBe(false);
    expect(corrected.manifest.fusion?.floatIslands).toEqual([]);

    await checkUndo(file, calib, spec, outputsOf);
  }, SLOW);
});
