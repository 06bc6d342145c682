/**
 * Why int8 loses accuracy on this CPU, measured on the PaddleOCR detector's document pages: each int8-static
 * variant (8-bit and 7-bit weights with the checked channel guard; 7-bit without it) runs twice, at ONNX Runtime level 'disabled'
 * (DequantizeLinear → float operator → QuantizeLinear: the arithmetic the file describes, no integer kernel) and
 * at level 'all' (QLinearConv and friends on this CPU's integer kernels). The gap between the two, as output SQNR,
 * is what the kernels add on their own: on x86 without VNNI the U8S8 kernels sum pairs of uint8×int8 products in
 * int16 (VPMADDUBSW) and saturate when 8-bit weights meet large activations. Against fp32: dense IoU at 0.3 of
 * the probability maps (per page, then averaged, as `parity compare` does) for both levels.
 * Run: node dist/bench/int8-saturation.js   (PARITY_BENCH_THREADS, default all cores)
 */
import os from 'node:os';
import path from 'node:path';
import { ConvertParamsSchema } from '../shared/contract/jobs/convert.js';
import { convertModel } from '../main/engine/convert/convert-model.js';
import { readCpuInfo } from '../main/engine/env/cpu-info.js';
import { listImages } from '../main/engine/images/index.js';
import type { GraphOptimizationLevel } from '../main/engine/infer/index.js';
import { withTempDir } from '../main/engine/io/temp-files.js';
import { createJobContext } from '../main/engine/jobs/context.js';
import { readModel } from '../main/engine/onnx/index.js';
import { locateDetector } from '../main/engine/samples/index.js';
import { outputsAt, tensorsOf } from './int8-subjects.js';

const threads = Number(process.env.PARITY_BENCH_THREADS ?? os.availableParallelism());

const outputs = (file: string, level: GraphOptimizationLevel, inputName: string, tensors: readonly Float32Array[], dims: readonly number[]): Promise<Float32Array[]> =>
  outputsAt(file, level, threads, inputName, tensors, dims).then((o) => o.data);

function sqnrDb(reference: readonly Float32Array[], candidate: readonly Float32Array[]): number {
  let signal = 0;
  let noise = 0;
  reference.forEach((r, i) => r.forEach((v, j) => ((signal += v * v), (noise += (v - candidate[i]![j]!) ** 2))));
  return noise > 0 ? 10 * Math.log10(signal / noise) : Infinity;
}

function meanIou(reference: readonly Float32Array[], candidate: readonly Float32Array[], threshold = 0.3): number {
  const ious = reference.map((r, i) => {
    let both = 0;
    let either = 0;
    r.forEach((v, j) => {
      const a = v > threshold;
      const b = candidate[i]![j]! > threshold;
      if (a && b) both++;
      if (a || b) either++;
    });
    return either === 0 ? 1 : both / either;
  });
  return ious.reduce((a, b) => a + b, 0) / ious.length;
}

async function main(): Promise<void> {
  const cpu = readCpuInfo();
  const dot = cpu.flags.filter((f) => ['avx_vnni', 'avx512_vnni', 'amx_int8', 'asimddp'].includes(f));
  console.log(`CPU: ${cpu.model}, int8 dot product: ${dot.length > 0 ? dot.join(', ') : 'none (AVX2 only)'}; ${threads} thread(s)`);
  const det = locateDetector();
  const { tensors, dims } = await tensorsOf((await listImages(det.imagesDir, { withLabels: false })).entries, det.preprocess);
  const inputName = (await readModel(det.modelPath)).proto.graph!.input[0]!.name;
  const fp32 = await outputs(det.modelPath, 'all', inputName, tensors, dims);
  console.log(`PaddleOCR detector, ${tensors.length} pages; SQNR in dB, IoU@0.3 against fp32`);
  console.log('variant                          | kernels vs QDQ math | QDQ math vs fp32 (SQNR, IoU) | kernels vs fp32 (SQNR, IoU) | float32 tensors kept');
  await withTempDir('saturation', async (work) => {
    const cases = [
      { label: '8-bit weights, guard checked', reduceRange: false, channelSqnrFloorDb: 12 },
      { label: '7-bit weights, guard checked', reduceRange: true, channelSqnrFloorDb: 12 },
      { label: '7-bit weights, guard off', reduceRange: true, channelSqnrFloorDb: 0 },
    ];
    for (const c of cases) {
      const file = path.join(work, `${c.reduceRange ? 7 : 8}-${c.channelSqnrFloorDb}.onnx`);
      const { manifest } = await convertModel(
        ConvertParamsSchema.parse({ model: det.modelPath, recipe: 'int8-static', output: file, calib: det.imagesDir, preprocess: det.preprocess, reduceRange: c.reduceRange, channelSqnrFloorDb: c.channelSqnrFloorDb, measureSpeed: false }),
        createJobContext('bench', new AbortController().signal, () => {}, () => {}),
      );
      const math = await outputs(file, 'disabled', inputName, tensors, dims);
      const kernels = await outputs(file, 'all', inputName, tensors, dims);
      const kept = manifest.nodes.excluded.length;
      const f = (v: number): string => v.toFixed(1).padStart(5);
      const g = (v: number): string => v.toFixed(3);
      console.log(`${c.label.padEnd(32)} | ${f(sqnrDb(math, kernels))}               | ${f(sqnrDb(fp32, math))}, ${g(meanIou(fp32, math))}                | ${f(sqnrDb(fp32, kernels))}, ${g(meanIou(fp32, kernels))}               | ${kept} node(s) float`);
    }
  });
}

await main();
