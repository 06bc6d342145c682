/**
 * Parity's default int8-static against ONNX Runtime's Python quantizer, side by side in one run, on every real
 * model at hand (bench/int8-subjects.ts): the calibration images are decoded and preprocessed once by Parity's own
 * pipeline, Parity converts from them, bench/quantize-reference.py quantizes the same model on the same tensors
 * (quant_pre_process + quantize_static, QDQ, per-channel, MinMax, the same 7/8-bit weight choice as Parity), then
 * the float model and both files run in this process on those images: agreement with the float model (and accuracy
 * where labels exist), latency ratio to fp32 with a bootstrap 95% interval from interleaved rounds (the order
 * rotating every input), size, and the float islands ONNX Runtime leaves at level 'all' (qdq/fusion-check.ts).
 * Needs a Python with onnx and onnxruntime: PARITY_REFERENCE_PYTHON (default /work/venv/bin/python, else python3).
 * Run: node dist/bench/convert-reference.js [classifier|detector|recogniser|<extra name> ...]
 *      PARITY_BENCH_SECONDS=20 (timing budget per model), PARITY_BENCH_THREADS (default: all cores),
 *      PARITY_BENCH_MODELS=models.json (more models), PARITY_MODELS_DIR (default /work/models),
 *      PARITY_BENCH_KEEP=dir (copy both int8 files there, to inspect them)
 * A detector with a post-processing spec (YOLOX-nano) also gets each int8 file's detections compared with fp32's
 * through compare's pipeline: output SQNR alone hides crushed scores.
 */
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CompareParamsSchema } from '../shared/contract/jobs/compare.js';
import { ConvertParamsSchema } from '../shared/contract/jobs/convert.js';
import { runComparison } from '../main/engine/parity/compare/run-comparison.js';
import { ParityError } from '../shared/errors.js';
import type { ConversionManifest } from '../shared/report/conversion-manifest.js';
import { convertModel } from '../main/engine/convert/convert-model.js';
import { findFloatIslands, type FusionReport } from '../main/engine/convert/qdq/fusion-check.js';
import { readCpuInfo } from '../main/engine/env/cpu-info.js';
import { describeEnvironment } from '../main/engine/env/versions.js';
import { bootstrapMedianInterval } from '../main/engine/bench/bootstrap.js';
import { pairedRatios } from '../main/engine/bench/comparisons.js';
import { createCpuSession, type TensorInput } from '../main/engine/infer/index.js';
import { withTempDir } from '../main/engine/io/temp-files.js';
import { createJobContext } from '../main/engine/jobs/context.js';
import { readModel } from '../main/engine/onnx/index.js';
import { accuracy, agreement, metricName, prepareSubject, subjects, type Subject } from './int8-subjects.js';
import { writeNpy } from './npy.js';
import { ortQuantize } from './reference-quantizer.js';

const budgetMs = Number(process.env.PARITY_BENCH_SECONDS ?? 20) * 1000;
const threads = Number(process.env.PARITY_BENCH_THREADS ?? os.availableParallelism());
/** Extra conversion options for Parity's file, as JSON (e.g. '{"equalize":false}'), to weigh one against the defaults. */
const extraOptions = JSON.parse(process.env.PARITY_BENCH_OPTIONS ?? '{}') as Record<string, unknown>;

interface Variant {
  label: string;
  file: string;
  islands: FusionReport | null;
  note: string;
}

/** ORT's float islands in a QDQ file, from the graph it optimizes at level 'all'. */
async function islandsOf(file: string, work: string): Promise<FusionReport> {
  const optimized = path.join(work, `${path.basename(file)}.optimized.onnx`);
  const session = await createCpuSession(file, { intraOpThreads: 1, optimizationLevel: 'all', spinning: false, optimizedModelPath: optimized, quiet: true });
  await session.release();
  return findFloatIslands((await readModel(optimized, { checkStructure: false })).proto, new Map());
}

interface Measured {
  outputs: Float32Array[][];
  outputDims: readonly number[];
  /** Per model, latency of each timed run in ms; run k of every model used the same input in the same round. */
  times: number[][];
  rounds: number;
}

/** Every model on every input once for quality, then interleaved timed rounds until the budget is spent. */
async function measure(files: readonly string[], inputName: string, tensors: Float32Array[], dims: readonly number[]): Promise<Measured> {
  const sessions = await Promise.all(files.map((f) => createCpuSession(f, { intraOpThreads: threads, optimizationLevel: 'all', spinning: false, quiet: true })));
  try {
    const feed = (t: Float32Array): Record<string, TensorInput> => ({ [inputName]: { dtype: 'float32', data: t, dims } });
    const outputs: Float32Array[][] = files.map(() => []);
    let outputDims: readonly number[] = [];
    for (const [m, s] of sessions.entries()) {
      for (const t of tensors) {
        const out = (await s.run(feed(t)))[s.outputNames[0]!]!;
        outputs[m]!.push(out.data as Float32Array);
        outputDims = out.dims;
      }
    }
    const times: number[][] = files.map(() => []);
    const started = performance.now();
    let rounds = 0;
    while (rounds < 30 && (rounds < 3 || performance.now() - started < budgetMs)) {
      for (const [i, t] of tensors.entries()) {
        const order = sessions.map((_, m) => (m + i + rounds) % sessions.length);
        for (const m of order) {
          const t0 = performance.now();
          await sessions[m]!.run(feed(t));
          times[m]!.push(performance.now() - t0);
        }
      }
      rounds++;
    }
    return { outputs, outputDims, times, rounds };
  } finally {
    await Promise.all(sessions.map((s) => s.release()));
  }
}

const pad = (s: string, n: number): string => s.padEnd(n);
const fixed = (v: number, d = 3): string => v.toFixed(d);

async function benchSubject(s: Subject, work: string): Promise<void> {
  const { entries, tensors, dims, calibTensors, inputName } = await prepareSubject(s);

  const ours = path.join(work, `${s.name}.parity-int8.onnx`);
  const t0 = performance.now();
  let result: Awaited<ReturnType<typeof convertModel>>;
  try {
    // As `parity convert` runs by default: speed measured, so the channel guard is weighed against its latency here.
    result = await convertModel(
      ConvertParamsSchema.parse({ model: s.model, recipe: 'int8-static', output: ours, calib: s.images, ...(s.calibSize !== null ? { calibSize: s.calibSize } : {}), preprocess: s.spec, ...extraOptions }),
      createJobContext('bench', new AbortController().signal, () => {}, () => {}),
    );
  } catch (error) {
    if (!(error instanceof ParityError) || error.code !== 'UNSUPPORTED') throw error;
    console.log(`\n${s.name} (${path.basename(s.model)}): skipped, int8-static does not apply: ${error.message}`);
    return;
  }
  const m: ConversionManifest = result.manifest;
  const oursSeconds = (performance.now() - t0) / 1000;

  const npy = path.join(work, `${s.name}.npy`);
  writeNpy(npy, calibTensors, dims);
  const theirs = path.join(work, `${s.name}.ort-int8.onnx`);
  const reduceRange = m.int8Path?.reduceRange === true;
  const run = ortQuantize(s.model, npy, theirs, work, reduceRange);
  const variants: Variant[] = [
    { label: 'fp32', file: s.model, islands: null, note: '' },
    { label: 'Parity int8-static', file: ours, islands: m.fusion ?? null, note: `built in ${oursSeconds.toFixed(0)} s` },
  ];
  if (run.ok) {
    variants.push({ label: 'ORT quantize_static', file: theirs, islands: await islandsOf(theirs, work), note: `built in ${run.seconds.toFixed(0)} s` });
  } else {
    console.log(`  ORT's quantizer failed (${run.error})`);
    process.exitCode = 1;
  }

  const keep = process.env.PARITY_BENCH_KEEP;
  if (keep) {
    mkdirSync(keep, { recursive: true });
    for (const v of variants.slice(1)) copyFileSync(v.file, path.join(keep, path.basename(v.file)));
  }
  const r = await measure(variants.map((v) => v.file), inputName, tensors, dims);
  const folders = entries.map((e) => e.label);
  const size = (f: string): number => statSync(f).size;
  const calibrated = s.calibSize === null ? `${tensors.length} images calibrate and evaluate` : `${calibTensors.length} images calibrate (seeded subset), ${tensors.length} evaluate`;
  console.log(`\n${s.name} (${path.basename(s.model)}): ${calibrated}, ${r.rounds} interleaved rounds, ${threads} thread(s)`);
  console.log(`  Parity: ${m.int8Path?.reason ?? ''}; calibration ${m.calibration?.method}; channel-SQNR guard ${String(m.options.channelSqnrFloorDb)} dB${Object.keys(extraOptions).length > 0 ? `; options ${JSON.stringify(extraOptions)}` : ''}`);
  for (const n of m.notes.filter((n) => n.startsWith('Channel equalization') || n.startsWith('Channel guard'))) console.log(`  ${n}`);
  const metric = metricName(s);
  console.log(`  ${pad('variant', 20)} ${pad('latency vs fp32 [95% CI]', 26)} ${pad('median ms', 10)} ${pad(metric, 11)} ${s.labels ? pad('accuracy', 9) : ''}${pad('size', 7)} ${pad('islands (ops)', 14)} integer kernels`);
  for (const [i, v] of variants.entries()) {
    const ratio = i === 0 ? null : bootstrapMedianInterval(pairedRatios(r.times[0]!, r.times[i]!), { resamples: 2000, seed: 1 });
    const latency = ratio === null ? '1' : `${fixed(ratio.median)} [${fixed(ratio.lo)}, ${fixed(ratio.hi)}]`;
    const ms = [...r.times[i]!].sort((a, b) => a - b)[r.times[i]!.length >> 1]!;
    const agree = i === 0 && s.task === 'sqnr' ? '∞' : fixed(agreement(s, r.outputs[0]!, r.outputs[i]!, r.outputDims), s.task === 'sqnr' ? 1 : 4);
    const acc = s.labels ? pad(fixed(accuracy(r.outputs[i]!, s.labels, folders), 4), 9) : '';
    const isl = v.islands === null ? '-' : `${v.islands.floatIslands.length} (${v.islands.floatIslands.reduce((a, x) => a + x.nodes.length, 0)})`;
    const kernels = v.islands === null ? '-' : String(Object.values(v.islands.integerKernels).reduce((a, b) => a + b, 0));
    console.log(`  ${pad(v.label, 20)} ${pad(latency, 26)} ${pad(ms.toFixed(1), 10)} ${pad(agree, 11)} ${acc}${pad(fixed(size(v.file) / size(s.model)), 7)} ${pad(isl, 14)} ${pad(kernels, 5)} ${v.note}`);
  }
  if (s.postprocess !== undefined) await detectionAgreement(s, variants.slice(1), work);
}

/** Each int8 file's detections against fp32's, through compare's pipeline (the post-processing spec of the subject). */
async function detectionAgreement(s: Subject, variants: readonly Variant[], work: string): Promise<void> {
  const ctx = createJobContext('bench', new AbortController().signal, () => {}, () => {});
  console.log(`  detections against fp32's (parity compare --postprocess, ${s.postprocess!.kind}; fp32's boxes as truth):`);
  console.log(`  ${pad('variant', 20)} ${pad('mAP@0.5', 9)} ${pad('mAP@.5:.95', 11)} ${pad('precision', 10)} ${pad('recall', 8)} boxes (fp32's)`);
  for (const v of variants) {
    const params = CompareParamsSchema.parse({ reference: s.model, candidate: v.file, images: s.images, preprocess: s.spec, postprocess: s.postprocess, runDir: path.join(work, `detections-${path.basename(v.file)}`), bench: false, layers: false });
    const d = (await runComparison(params, ctx)).summary.detection;
    const f = (x: number | null | undefined): string => (x === null || x === undefined ? '-' : fixed(x, 3));
    console.log(`  ${pad(v.label, 20)} ${pad(f(d?.map50), 9)} ${pad(f(d?.map50_95), 11)} ${pad(f(d?.precision), 10)} ${pad(f(d?.recall), 8)} ${d?.candidateBoxes ?? '-'} (${d?.referenceBoxes ?? '-'})`);
  }
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const cpu = readCpuInfo();
  const dot = cpu.flags.filter((f) => ['avx_vnni', 'avx512_vnni', 'amx_int8', 'asimddp'].includes(f));
  console.log(`CPU: ${cpu.model}, ${cpu.cores} logical cores (models run on ${threads} thread(s)), int8 dot product: ${dot.length > 0 ? dot.join(', ') : 'none (AVX2 only)'}; onnxruntime-node ${describeEnvironment().ortVersion}`);
  await withTempDir('reference', async (work) => {
    for (const s of subjects().filter((x) => wanted.length === 0 || wanted.includes(x.name))) await benchSubject(s, work);
  });
}

await main();
