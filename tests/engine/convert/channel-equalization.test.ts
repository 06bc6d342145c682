/**
 * Channel equalization (qdq/channel-equalization.ts) on models built in code: the rescaled float graph computes the
 * original's function, the groups found are the ones a MobileNet-style residual stream has, and the int8 file is
 * closer to float32 with it than without, with no float island (where the channel guard would have kept one).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calibrate } from '../../../main/engine/convert/calibration/calibrate.js';
import { selectCalibrationImages } from '../../../main/engine/convert/calibration/calibration-images.js';
import { GraphEdit } from '../../../main/engine/convert/graph-edit.js';
import { equalizeChannels, findEqualizationGroups } from '../../../main/engine/convert/qdq/channel-equalization.js';
import { createCpuSession } from '../../../main/engine/infer/index.js';
import { runLayers } from '../../../main/engine/parity/layers/run-layers.js';
import { decodeImage, listImages, preprocessImage, resolvePreprocessSpec } from '../../../main/engine/images/index.js';
import { channelScalesOf, readModel, writeModel } from '../../../main/engine/onnx/index.js';
import { EQUALIZE_GAIN_DB } from '../../../main/engine/convert/equalize-checked.js';
import { removeTempDirs, tempDir } from '../onnx/model-builders.js';
import { convert, jobContext, quietChannelModel, residualStreamModel, TINY_PREPROCESS, writeImages } from './helpers.js';

afterAll(removeTempDirs);
const SLOW = 300_000;

let dir: string;
let images: string;
let stream: string;
/** Six images of the calibration images' kind that calibration did not see, preprocessed. */
let inputs: Float32Array[];

beforeAll(async () => {
  dir = tempDir('parity-equalization-');
  for (const sub of ['calib', 'all']) mkdirSync(path.join(dir, sub));
  images = await writeImages(path.join(dir, 'calib'), 12);
  const all = await writeImages(path.join(dir, 'all'), 18);
  const spec = resolvePreprocessSpec(TINY_PREPROCESS, { name: 'x', dtype: 'float32', shape: [1, 3, 8, 8] });
  const heldOut = (await listImages(all, { withLabels: false })).entries.slice(12);
  inputs = await Promise.all(heldOut.map(async (e) => (await preprocessImage(await decodeImage(e.absPath), spec)).data as Float32Array));
  stream = path.join(dir, 'stream.onnx');
  await writeModel(residualStreamModel(), stream);
});

/** The output `y` of `file` on each input, at optimization level 'disabled' (the file's own arithmetic). */
async function outputs(file: string): Promise<Float32Array[]> {
  const session = await createCpuSession(file, { intraOpThreads: 1, optimizationLevel: 'disabled', spinning: false, quiet: true });
  try {
    const out: Float32Array[] = [];
    for (const x of inputs) out.push((await session.run({ x: { dtype: 'float32', data: x, dims: [1, 3, 8, 8] } })).y!.data as Float32Array);
    return out;
  } finally {
    await session.release();
  }
}

function sqnrDb(reference: Float32Array[], candidate: Float32Array[]): number {
  let [signal, noise] = [0, 0];
  reference.forEach((r, i) => r.forEach((v, j) => ((signal += v * v), (noise += (v - candidate[i]![j]!) ** 2))));
  return 10 * Math.log10(signal / noise);
}

describe('channel equalization', () => {
  it('finds the residual stream (linear) and the expansion chain (activated) of a MobileNet-style block', async () => {
    const model = await readModel(stream);
    const groups = findEqualizationGroups(new GraphEdit(model.proto.graph!), model);
    const summary = groups.map((g) => `${g.kind}: ${g.producers.map((p) => p.node.name).join('+')} → ${g.readers.map((r) => r.node.name).join('+')}`).sort();
    // dw → Clip → project is not a group: project reads it densely (see the module's notes).
    expect(summary).toEqual(['activated: expand → dw', 'linear: stem+project → expand+head']);
    expect(groups.find((g) => g.kind === 'linear')!.tensors.sort()).toEqual(['d', 's0', 's1']);
  });

  it('rewrites the float graph to the same function, with the stream channels brought to one range', async () => {
    const model = await readModel(stream);
    const spec = resolvePreprocessSpec(TINY_PREPROCESS, { name: 'x', dtype: 'float32', shape: [1, 3, 8, 8] });
    const observed = new Map<string, 'first' | 'last'>(['s0', 'd', 's1', 'e', 'er', 'dwo', 'dwr'].map((t) => [t, 'first']));
    const calibration = await calibrate(model, 'x', [...observed.keys()], await selectCalibrationImages(images, 12, 0), spec, { method: 'minmax', percentile: 99.999, threads: 1 }, dir, jobContext(), observed);
    const types = new Map();
    const edit = new GraphEdit(model.proto.graph!);
    const eq = equalizeChannels(edit, model, calibration.channelRanges, types);
    expect(eq.linear).toBe(1);
    expect(eq.rescaled.get('s1')?.renamed).toBe('s1_equalized');
    // Every channel is brought to the stream's largest peak (over s0, d and s1): the quietest by ~500×.
    const peak = [0, 1, 2, 3].map((c) => Math.max(...['s0', 'd', 's1'].map((t) => calibration.channelRanges.get(t)!).flatMap((r) => [r.max[c]!, -r.min[c]!])));
    const k = eq.rescaled.get('s1')!.scales;
    expect(eq.rescaled.get('s0')?.scales).toBe(k);
    peak.forEach((p, c) => expect(k[c]! * p).toBeCloseTo(Math.max(...peak), 4));
    expect(Math.max(...k)).toBeGreaterThan(50);
    const rewritten = path.join(dir, 'stream.equalized.onnx');
    await writeModel(model.proto, rewritten);
    const [a, b] = [await outputs(stream), await outputs(rewritten)];
    // The same function up to float32 rounding: at least 100 dB of SQNR.
    expect(sqnrDb(a, b)).toBeGreaterThan(100);
  }, SLOW);

  it('makes the int8 file closer to float32 than without it, all integer kernels, no channel guard needed', async () => {
    const convertTo = async (name: string, options: { equalize?: boolean; channelSqnrFloorDb?: number }) => {
      const output = path.join(dir, `${name}.int8.onnx`);
      const { manifest } = await convert({ model: stream, recipe: 'int8-static', output, preprocess: TINY_PREPROCESS, calib: images, reduceRange: false, measureSpeed: false, ...options });
      return { manifest, db: sqnrDb(await outputs(stream), await outputs(output)) };
    };
    const plain = await convertTo('plain', { equalize: false, channelSqnrFloorDb: 0 });
    const equalized = await convertTo('equalized', {});
    console.log(`residual stream model, output SQNR against float32: ${plain.db.toFixed(1)} dB without equalization, ${equalized.db.toFixed(1)} dB with`);
    const note = equalized.manifest.notes.find((n) => n.startsWith('Channel equalization'));
    expect(note).toMatch(/1 Conv → Relu\/ReLU6 → depthwise Conv chain\(s\) and 1 residual stream/);
    // Checked against the plain graph, both quantized without the channel guard: it buys far more than 1 dB.
    const [withDb, withoutDb] = /SQNR (-?\d+\.\d) dB with it, (-?\d+\.\d) dB without — kept\./.exec(note!)!.slice(1).map(Number) as [number, number];
    expect(withDb - withoutDb).toBeGreaterThan(EQUALIZE_GAIN_DB);
    expect(equalized.manifest.options.equalize).toBe(true);
    expect(equalized.db).toBeGreaterThan(plain.db + 10);
    expect(equalized.manifest.fusion?.floatIslands).toEqual([]);
    expect(equalized.manifest.fusion?.integerKernels.QLinearConv).toBe(5);
    // Every Conv quantized (only the GlobalAveragePool writing the network's output stays float).
    expect(equalized.manifest.nodes.excluded.map((e) => e.name)).toEqual(['pool']);
    // parity layers compares the renamed stream with the original's through the factors the file records: without
    // dividing them out (up to 150×) its SQNR would be far below 0 dB.
    const layers = await runLayers({ reference: stream, candidate: path.join(dir, 'equalized.int8.onnx'), images: path.join(dir, 'all'), preprocess: TINY_PREPROCESS, maxImages: 18, floorDb: 20, threads: 1 }, jobContext());
    const row = (t: string) => layers.rows.find((r) => r.tensor === t);
    for (const t of ['s0', 'd', 's1']) {
      expect(row(t)?.quantized).toBe(true);
      expect(row(t)!.sqnrDb!).toBeGreaterThan(25);
    }
    // Nodes reading a rescaled tensor are isolated too (fed the reference's tensor with the factors multiplied in):
    // the search ranks them by this.
    for (const t of ['s0', 's1', 'h']) expect(row(t)?.aloneSqnrDb ?? 0).toBeGreaterThan(25);
  }, SLOW);

  it('is dropped when it buys the outputs nothing: the quiet channels are not read downstream', async () => {
    const model = path.join(dir, 'stream-unread.onnx');
    await writeModel(residualStreamModel(false), model);
    const output = path.join(dir, 'stream-unread.int8.onnx');
    const { manifest } = await convert({ model, recipe: 'int8-static', output, preprocess: TINY_PREPROCESS, calib: images, reduceRange: false, measureSpeed: false });
    const note = manifest.notes.find((n) => n.startsWith('Channel equalization'));
    console.log(note);
    expect(note).toMatch(/^Channel equalization would have the channels of \d+ Conv → Relu\/ReLU6 → depthwise Conv chain\(s\) and 1 residual stream/);
    const [withDb, withoutDb] = /SQNR (-?\d+\.\d) dB with it, (-?\d+\.\d) dB without — dropped: it buys less than 1 dB/.exec(note!)!.slice(1).map(Number) as [number, number];
    expect(withDb - withoutDb).toBeLessThan(EQUALIZE_GAIN_DB + 0.05);
    // The file written is the plain one: no rescaled tensor, no factors in its metadata.
    const written = await readModel(output);
    expect(written.proto.graph!.node.flatMap((n) => [...n.input, ...n.output]).filter((t) => t.endsWith('_equalized'))).toEqual([]);
    expect(channelScalesOf(written.proto).size).toBe(0);
  }, SLOW);

  it('leaves a lone Conv → Conv without an Add to the channel guard', async () => {
    const model = path.join(dir, 'quiet.onnx');
    await writeModel(quietChannelModel([0.001, 1000]), model);
    const graph = (await readModel(model)).proto.graph!;
    expect(findEqualizationGroups(new GraphEdit(graph), await readModel(model))).toEqual([]);
    const { manifest } = await convert({ model, recipe: 'int8-static', output: path.join(dir, 'quiet.int8.onnx'), preprocess: TINY_PREPROCESS, calib: images, measureSpeed: false });
    expect(manifest.notes.some((n) => n.startsWith('Channel equalization'))).toBe(false);
    expect(manifest.notes.find((n) => n.startsWith('Channel guard'))).toMatch(/— kept\.$/);
  }, SLOW);
});
