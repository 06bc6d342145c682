/**
 * Speed and memory of the parity metrics on output sizes of the real models, measured side by side in one run:
 * a DBNet map 1×1×640×640, a CRNN sequence 1×40×6625 and a 2-class classifier (synthetic outputs, then the real
 * models' outputs on a sample page and text line against the same model on a slightly noisier input); plus the
 * accumulator's memory over many images. Prints the median CPU milliseconds per call (CPU time, so other
 * processes on a shared machine distort it less than wall time), each also as a multiple of one plain pass
 * summing |a−b| over the same arrays — a machine-independent cost — and the ratio against a sort-based
 * quantile baseline.
 *
 *   npx esbuild bench/parity-metrics.ts --bundle --platform=node --format=esm --external:onnxruntime-node \
 *     --external:sharp --outfile=dist/bench/parity-metrics.mjs && node --expose-gc dist/bench/parity-metrics.mjs
 */
import fs from 'node:fs';
import path from 'node:path';
import { ModelSession, type TensorInput } from '../main/engine/infer/index.js';
import { decodeFitted, toTensor } from '../main/engine/images/index.js';
import { locateDetector, locateRecognizer } from '../main/engine/samples/index.js';
import type { PreprocessSpec } from '../shared/preprocess.js';
import { seededRandom } from '../shared/seeded-random.js';
import { classificationMetrics, denseMetrics, errorStats } from '../main/engine/parity/metrics/index.js';
import { PairEvaluator } from '../main/engine/parity/evaluate/index.js';
import type { OutputDescription } from '../shared/report/report.js';

/** A probability-like map and a copy perturbed like an INT8 variant would be (small noise, clamped to [0,1]). */
function mapPair(n: number): [Float32Array, Float32Array] {
  const next = seededRandom(1);
  const ref = Float32Array.from({ length: n }, () => (next() < 0.1 ? 0.6 + 0.4 * next() : 0.05 * next()));
  const cand = Float32Array.from(ref, (v) => Math.min(1, Math.max(0, v + (next() - 0.5) * 0.02)));
  return [ref, cand];
}

/** Softmax rows [rows, classes] for both models, the candidate's logits slightly perturbed. */
function sequencePair(rows: number, classes: number): [Float32Array, Float32Array] {
  const next = seededRandom(2);
  const ref = new Float32Array(rows * classes);
  const cand = new Float32Array(rows * classes);
  for (let r = 0; r < rows; r++) {
    let sr = 0;
    let sc = 0;
    const hot = Math.floor(next() * classes);
    for (let c = 0; c < classes; c++) {
      const logit = (c === hot ? 12 : 0) + next() * 2;
      ref[r * classes + c] = Math.exp(logit);
      cand[r * classes + c] = Math.exp(logit + (next() - 0.5) * 0.1);
      sr += ref[r * classes + c]!;
      sc += cand[r * classes + c]!;
    }
    for (let c = 0; c < classes; c++) {
      ref[r * classes + c]! /= sr;
      cand[r * classes + c]! /= sc;
    }
  }
  return [ref, cand];
}

/** Median CPU milliseconds of `fn` over `runs` timed batches (after a warm-up), each batch ≥ ~2 ms. */
function median(fn: () => void, runs: number): number {
  for (let i = 0; i < 5; i++) fn();
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = process.cpuUsage();
    let calls = 0;
    let used: number;
    do {
      fn();
      calls++;
      const u = process.cpuUsage(start);
      used = (u.user + u.system) / 1000;
    } while (used < 2);
    times.push(used / calls);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

let sink = 0;
/** One streaming pass over both arrays: the floor any element-wise metric pays. */
function plainPass(ref: Float32Array, cand: Float32Array): void {
  let sum = 0;
  for (let i = 0; i < ref.length; i++) sum += Math.abs(cand[i]! - ref[i]!);
  sink += sum;
}

/** The baseline the selection replaces: |Δ| into a fresh array, full sort, four quantiles. */
function sortedQuantiles(ref: Float32Array, cand: Float32Array): number[] {
  const d = new Float64Array(ref.length);
  for (let i = 0; i < ref.length; i++) d[i] = Math.abs(cand[i]! - ref[i]!);
  d.sort();
  return [0.5, 0.9, 0.99, 0.999].map((q) => d[Math.floor(q * (d.length - 1))]!);
}

const tol = { atol: 1e-5, rtol: 1e-5 };
/** [label, ms, plain-pass ms of the same arrays, baseline ratio] */
const rows: [string, number, number, number?][] = [];

const [mapRef, mapCand] = mapPair(640 * 640);
const mapDims = [1, 1, 640, 640];
const passMap = median(() => plainPass(mapRef, mapCand), 15);
const errMap = median(() => errorStats(mapRef, mapCand, tol), 15);
const sortMap = median(() => sortedQuantiles(mapRef, mapCand), 5);
rows.push(['errorStats 1×1×640×640', errMap, passMap]);
rows.push(['  baseline: |Δ| + full sort for quantiles', sortMap, passMap, sortMap / errMap]);
rows.push(['denseMetrics 1×1×640×640', median(() => denseMetrics(mapRef, mapCand, mapDims, { threshold: 0.3 }), 15), passMap]);
/** PairEvaluator.add of one output: error statistics, the kind's metrics and every aggregate, as a run does per image. */
function evaluatorAdd(description: OutputDescription, ref: Float32Array, cand: Float32Array, dims: number[], threshold: number): () => unknown {
  const evaluator = new PairEvaluator([description], { threshold, topK: 5, classes: null });
  const reference = { [description.name]: { data: ref, dims } };
  const candidate = { [description.name]: { data: cand, dims } };
  return () => evaluator.add(reference, candidate, null);
}
const denseDesc = { name: 'map', kind: 'dense' as const, tolerance: tol };
rows.push(['PairEvaluator.add dense 640×640', median(evaluatorAdd(denseDesc, mapRef, mapCand, mapDims, 0.3), 15), passMap]);

const [seqRef, seqCand] = sequencePair(40, 6625);
const seqDims = [1, 40, 6625];
const passSeq = median(() => plainPass(seqRef, seqCand), 15);
rows.push(['classificationMetrics 1×40×6625 (probabilities)', median(() => classificationMetrics(seqRef, seqCand, seqDims, { logits: false, topK: 5 }), 15), passSeq]);
rows.push(['classificationMetrics 1×40×6625 (softmax of logits)', median(() => classificationMetrics(seqRef, seqCand, seqDims, { logits: true, topK: 5 }), 15), passSeq]);
rows.push(['errorStats 1×40×6625', median(() => errorStats(seqRef, seqCand, tol), 15), passSeq]);
const seqDesc = { name: 'seq', kind: 'classification' as const, tolerance: tol, classes: 6625, logits: false };
rows.push(['PairEvaluator.add classification 1×40×6625', median(evaluatorAdd(seqDesc, seqRef, seqCand, seqDims, 0.5), 15), passSeq]);

const cls = [Float32Array.from([0.98, 0.02]), Float32Array.from([0.97, 0.03])] as const;
const passCls = median(() => plainPass(cls[0], cls[1]), 15);
rows.push(['classificationMetrics 1×2', median(() => classificationMetrics(cls[0], cls[1], [1, 2], { logits: false, topK: 2 }), 15), passCls]);

console.log(`plain |a−b| pass: 640×640 ${passMap.toFixed(3)} ms, 1×40×6625 ${passSeq.toFixed(3)} ms (CPU time)`);
for (const [name, ms, pass, ratio] of rows) {
  const passes = `${(ms / pass).toFixed(1)} passes`.padStart(13);
  console.log(`${name.padEnd(54)} ${ms.toFixed(3).padStart(8)} ms ${passes}${ratio ? `   (selection is ${ratio.toFixed(1)}× faster)` : ''}`);
}
if (sink === 42) console.log('');

// The same on real outputs: branch-heavy code (masks, selection) behaves differently on real maps than on noise.

/** The first sample image of a model, preprocessed as a comparison feeds it, plus a noisier copy. */
async function imageTensors(imagesDir: string, spec: PreprocessSpec): Promise<[TensorInput, TensorInput]> {
  const first = (fs.readdirSync(imagesDir, { recursive: true }) as string[]).filter((f) => f.endsWith('.png')).sort()[0];
  if (!first) throw new Error(`no sample image in ${imagesDir}`);
  const { data, dims } = toTensor(await decodeFitted(path.join(imagesDir, first), spec), spec);
  const clean = data as Float32Array;
  const next = seededRandom(3);
  const noisy = Float32Array.from(clean, (v) => v + (next() - 0.5) * 0.05);
  return [{ dtype: 'float32', data: clean, dims }, { dtype: 'float32', data: noisy, dims }];
}

async function outputs(model: string, inputs: [TensorInput, TensorInput]): Promise<{ ref: Float32Array; cand: Float32Array; dims: number[] }> {
  const session = await ModelSession.open(model, { threads: 1, optimizationLevel: 'all' });
  const run = async (x: TensorInput): Promise<{ data: Float32Array; dims: number[] }> => (await session.run({ [session.inputNames[0]!]: x }))[session.outputNames[0]!]!;
  const ref = await run(inputs[0]);
  const cand = await run(inputs[1]);
  await session.release();
  return { ref: ref.data, cand: cand.data, dims: ref.dims };
}

const detector = locateDetector();
const recognizer = locateRecognizer();
const det = await outputs(detector.modelPath, await imageTensors(detector.imagesDir, detector.preprocess));
const rec = await outputs(recognizer.modelPath, await imageTensors(recognizer.imagesDir, recognizer.preprocess));
const passDet = median(() => plainPass(det.ref, det.cand), 15);
const passRec = median(() => plainPass(rec.ref, rec.cand), 15);
const realRows: [string, number, number][] = [
  [`errorStats real DBNet map ${det.dims.join('×')}`, median(() => errorStats(det.ref, det.cand, tol), 15), passDet],
  [`denseMetrics real DBNet map ${det.dims.join('×')}`, median(() => denseMetrics(det.ref, det.cand, det.dims, { threshold: 0.3 }), 15), passDet],
  [`errorStats real CRNN ${rec.dims.join('×')}`, median(() => errorStats(rec.ref, rec.cand, tol), 15), passRec],
  [`classificationMetrics real CRNN ${rec.dims.join('×')}`, median(() => classificationMetrics(rec.ref, rec.cand, rec.dims, { logits: false, topK: 5 }), 15), passRec],
];
for (const [name, ms, pass] of realRows) {
  console.log(`${name.padEnd(54)} ${ms.toFixed(3).padStart(8)} ms ${`${(ms / pass).toFixed(1)} passes`.padStart(13)}`);
}

// Accumulator memory: heap after 2 000 vs 20 000 images of a 2-class output must not grow with the count.
const gc = (globalThis as { gc?: () => void }).gc;
function heapAfter(images: number): number {
  const desc = { name: 'p', kind: 'classification' as const, tolerance: tol, classes: 2, logits: false };
  const a = new PairEvaluator([desc], { threshold: 0.5, topK: 2, classes: null });
  for (let i = 0; i < images; i++) a.add({ p: { data: cls[0], dims: [1, 2] } }, { p: { data: cls[1], dims: [1, 2] } }, i % 10 === 0 ? 1 : 0);
  gc?.();
  const heap = process.memoryUsage().heapUsed;
  if (a.summary().overall.images !== images) throw new Error('lost images');
  return heap;
}
if (gc) {
  const small = heapAfter(2_000);
  const large = heapAfter(20_000);
  console.log(`accumulator heap after 2 000 images ${(small / 1e6).toFixed(2)} MB, after 20 000 ${(large / 1e6).toFixed(2)} MB (ratio ${(large / small).toFixed(2)})`);
} else {
  console.log('run with node --expose-gc to measure the accumulator heap');
}
