/**
 * The accuracy an int8 file would have on a CPU with an int8 dot product (AVX-VNNI, AVX512-VNNI, AMX), measured on
 * any x86 CPU: Parity's default int8-static and ONNX Runtime's Python quantizer, both with the 8-bit weights such a
 * CPU gets (reduce_range off), calibrated on the same tensors, run at ONNX Runtime level 'disabled'. At that level
 * each DequantizeLinear → float operator → QuantizeLinear computes the file's arithmetic exactly (int8 × uint8
 * products summed in float32, requantized with the float scale), which is what the VNNI/AMX integer kernels
 * compute with their int32 accumulators; only float rounding differs. The same files at level 'all' on this CPU
 * show what its own kernels make of 8-bit weights (on AVX2, pairs of uint8 × int8 products summed in int16
 * saturate). Speed is not measured: it needs the CPU itself (bench/convert-reference.js on it).
 * Parity's channel-guard check runs on this CPU's kernels at level 'all', as it would during a conversion here; on
 * AVX2 their saturation makes the guard look worth more than on VNNI, so Parity's file without the guard is listed too,
 * and the file without bias correction shows what that step gives.
 * Run: node dist/bench/int8-vnni-accuracy.js [mobilenetv2|classifier|detector|recogniser|yolox-nano ...]
 *      PARITY_REFERENCE_PYTHON, PARITY_MODELS_DIR, PARITY_BENCH_MODELS, PARITY_BENCH_THREADS as convert-reference.js
 */
import os from 'node:os';
import path from 'node:path';
import { ConvertParamsSchema } from '../shared/contract/jobs/convert.js';
import { ParityError } from '../shared/errors.js';
import { convertModel } from '../main/engine/convert/convert-model.js';
import { readCpuInfo } from '../main/engine/env/cpu-info.js';
import { describeEnvironment } from '../main/engine/env/versions.js';
import { withTempDir } from '../main/engine/io/temp-files.js';
import { createJobContext } from '../main/engine/jobs/context.js';
import { accuracy, agreement, metricName, outputsAt, prepareSubject, subjects, type Subject } from './int8-subjects.js';
import { writeNpy } from './npy.js';
import { ortQuantize } from './reference-quantizer.js';

const threads = Number(process.env.PARITY_BENCH_THREADS ?? os.availableParallelism());
const pad = (s: string, n: number): string => s.padEnd(n);

async function benchSubject(s: Subject, work: string): Promise<void> {
  const { entries, tensors, dims, calibTensors, inputName } = await prepareSubject(s);
  // The channel guard's check runs on this CPU's kernels, which saturate with 8-bit weights on AVX2 and so make
  // the guard look worth more than it would on VNNI: the file without it is measured too.
  const ours = [
    { label: 'Parity int8-static', file: path.join(work, `${s.name}.parity-int8-8bit.onnx`), channelSqnrFloorDb: 12 },
    { label: 'Parity, guard off', file: path.join(work, `${s.name}.parity-int8-8bit-unguarded.onnx`), channelSqnrFloorDb: 0 },
    { label: 'Parity, no bias corr.', file: path.join(work, `${s.name}.parity-int8-8bit-uncorrected.onnx`), channelSqnrFloorDb: 12, biasCorrection: false },
  ];
  try {
    for (const o of ours) {
      await convertModel(
        ConvertParamsSchema.parse({ model: s.model, recipe: 'int8-static', output: o.file, calib: s.images, ...(s.calibSize !== null ? { calibSize: s.calibSize } : {}), preprocess: s.spec, reduceRange: false, channelSqnrFloorDb: o.channelSqnrFloorDb, biasCorrection: o.biasCorrection ?? true, measureSpeed: false }),
        createJobContext('bench', new AbortController().signal, () => {}, () => {}),
      );
    }
  } catch (error) {
    if (!(error instanceof ParityError) || error.code !== 'UNSUPPORTED') throw error;
    console.log(`\n${s.name}: skipped, int8-static does not apply: ${error.message}`);
    return;
  }
  const npy = path.join(work, `${s.name}.npy`);
  writeNpy(npy, calibTensors, dims);
  const theirs = path.join(work, `${s.name}.ort-int8-8bit.onnx`);
  const ort = ortQuantize(s.model, npy, theirs, work, false);
  if (!ort.ok) {
    console.log(`  ORT's quantizer failed (${ort.error})`);
    process.exitCode = 1;
  }
  const { data: fp32, dims: outDims } = await outputsAt(s.model, 'all', threads, inputName, tensors, dims);
  const folders = entries.map((e) => e.label);
  const metric = metricName(s);
  const calibrated = s.calibSize === null ? `${tensors.length} images calibrate and evaluate` : `${calibTensors.length} images calibrate (seeded subset), ${tensors.length} evaluate`;
  console.log(`\n${s.name} (${path.basename(s.model)}): ${calibrated}; 8-bit weights; ${metric} against fp32`);
  const accHead = s.labels ? `${pad('accuracy Δ (VNNI)', 18)} ` : '';
  console.log(`  ${pad('variant', 22)} ${pad(`${metric} on VNNI`, 18)} ${accHead}${metric} on this CPU's kernels`);
  const fp32Accuracy = s.labels ? accuracy(fp32, s.labels, folders) : 0;
  if (s.labels) console.log(`  ${pad('fp32', 22)} ${pad('1', 18)} ${pad(`(${fp32Accuracy.toFixed(4)})`, 18)} 1`);
  const rows = [...ours, ...(ort.ok ? [{ label: 'ORT quantize_static', file: theirs }] : [])];
  const digits = s.task === 'sqnr' ? 1 : 4;
  for (const row of rows) {
    const exact = (await outputsAt(row.file, 'disabled', threads, inputName, tensors, dims)).data;
    const kernels = (await outputsAt(row.file, 'all', threads, inputName, tensors, dims)).data;
    const delta = s.labels ? `${pad(`${((accuracy(exact, s.labels, folders) - fp32Accuracy) * 100).toFixed(1)} pp`, 18)} ` : '';
    console.log(`  ${pad(row.label, 22)} ${pad(agreement(s, fp32, exact, outDims).toFixed(digits), 18)} ${delta}${agreement(s, fp32, kernels, outDims).toFixed(digits)}`);
  }
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const cpu = readCpuInfo();
  const dot = cpu.flags.filter((f) => ['avx_vnni', 'avx512_vnni', 'amx_int8', 'asimddp'].includes(f));
  console.log(`CPU: ${cpu.model}, ${cpu.cores} logical cores, int8 dot product: ${dot.length > 0 ? dot.join(', ') : 'none (AVX2 only)'}; onnxruntime-node ${describeEnvironment().ortVersion}`);
  console.log("\"on VNNI\": the file's exact QDQ arithmetic (ONNX Runtime level 'disabled'), which VNNI/AMX integer kernels reproduce");
  await withTempDir('vnni-accuracy', async (work) => {
    for (const s of subjects().filter((x) => wanted.length === 0 || wanted.includes(x.name))) await benchSubject(s, work);
  });
}

await main();
