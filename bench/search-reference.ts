/**
 * The search (`parity convert --target`) on the best real classifier at hand, side by side with ONNX Runtime's
 * Python quantizer: fp32, the search's chosen candidate (and the float variant it recommends, if any) and ORT's
 * quantize_static file calibrated on the same tensors, each measured through Parity's compare pipeline on the same
 * labelled validation images (top-1 agreement, accuracy) and timed together by `parity bench`'s engine (one run,
 * interleaved rounds, latency ratio with its bootstrap 95% interval). Prints one table with the search's time.
 *
 * Model (--model mobilenetv2, the default, or efficientnet-lite0; see /work/models/README.md):
 * /work/models/mobilenetv2-imagenet-fp32.onnx with /work/models/images/imagenet-1000 (validation: the 200 of
 * imagenet-200, calibration: a seeded subset of the other 800), else the PaddleOCR text-orientation classifier
 * with its sample lines. ORT's quantizer needs a Python with onnx and onnxruntime (PARITY_REFERENCE_PYTHON).
 * Run: node dist/bench/search-reference.js [--model efficientnet-lite0] [--target top1Agreement>=0.98] [--budget 300] [--calib-size 100]
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BenchParamsSchema } from '../shared/contract/jobs/bench.js';
import { CompareParamsSchema } from '../shared/contract/jobs/compare.js';
import { ConvertParamsSchema } from '../shared/contract/jobs/convert.js';
import { parseGateSpec } from '../shared/gate-spec.js';
import type { PartialPreprocessSpec } from '../shared/preprocess.js';
import type { SummaryMetrics } from '../shared/report/metrics.js';
import { formatSearch } from '../main/cli/commands/search-flags.js';
import { benchJob } from '../main/engine/bench/bench-job.js';
import { selectCalibrationImages } from '../main/engine/convert/calibration/calibration-images.js';
import { convertJob } from '../main/engine/convert/convert-job.js';
import { readCpuInfo } from '../main/engine/env/cpu-info.js';
import { decodeFitted, resolvePreprocessSpec, toTensor } from '../main/engine/images/index.js';
import { createJobContext } from '../main/engine/jobs/context.js';
import { readModel, signatureOf } from '../main/engine/onnx/index.js';
import { runComparison } from '../main/engine/parity/compare/run-comparison.js';
import { locateSample } from '../main/engine/samples/index.js';
import { writeNpy } from './npy.js';
import { ortQuantize } from './reference-quantizer.js';

const ctx = createJobContext('bench', new AbortController().signal, () => {}, (level, message) => level !== 'debug' && process.env.VERBOSE && console.error(message));

interface Subject {
  name: string;
  model: string;
  calib: string;
  val: string;
  labels: string;
  preprocess: PartialPreprocessSpec;
}

/** The ImageNet classifiers of the shared model folder, by --model. */
const IMAGENET_MODELS: Record<string, { name: string; file: string; preprocess: PartialPreprocessSpec }> = {
  mobilenetv2: {
    name: 'MobileNetV2 (ImageNet; the ONNX Model Zoo int8 file turned back into float32)',
    file: '/work/models/mobilenetv2-imagenet-fp32.onnx',
    preprocess: { resize: 'crop', width: 224, height: 224, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
  },
  'efficientnet-lite0': {
    name: "EfficientNet-Lite0 (ImageNet; Google's float32 weights)",
    file: '/work/models/efficientnet-lite0/efficientnet-lite0-fp32.onnx',
    preprocess: { resize: 'crop', width: 224, height: 224, mean: [127 / 255, 127 / 255, 127 / 255], std: [128 / 255, 128 / 255, 128 / 255] },
  },
};

/** An ImageNet classifier on ImageNet photos (class folders named by index), or the PaddleOCR classifier on its sample. */
function subject(work: string, which: string): Subject {
  const known = IMAGENET_MODELS[which];
  if (known === undefined) throw new Error(`--model ${which}: expected one of ${Object.keys(IMAGENET_MODELS).join(', ')}`);
  const model = known.file;
  const photos = '/work/models/images/imagenet-1000';
  if (existsSync(model) && existsSync(path.join(photos, 'labels.csv'))) {
    const held = new Set(readFileSync('/work/models/images/imagenet-200/labels.csv', 'utf8').split('\n').slice(1).map((l) => l.split(',')[0]).filter(Boolean));
    const calib = path.join(work, 'calib');
    const val = path.join(work, 'val');
    for (const line of readFileSync(path.join(photos, 'labels.csv'), 'utf8').split('\n').slice(1)) {
      const [file, index] = line.split(',');
      if (!file || index === undefined) continue;
      const dir = held.has(file) ? path.join(val, index) : calib;
      mkdirSync(dir, { recursive: true });
      copyFileSync(path.join(photos, file), path.join(dir, file));
    }
    const labels = path.join(work, 'labels.txt');
    writeFileSync(labels, `${Array.from({ length: 1000 }, (_, i) => String(i)).join('\n')}\n`);
    return { name: known.name, model, calib, val, labels, preprocess: known.preprocess };
  }
  const s = locateSample();
  return { name: 'PaddleOCR text-orientation classifier', model: s.modelPath, calib: s.imagesDir, val: s.imagesDir, labels: s.labelsPath, preprocess: s.preprocess };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { target: { type: 'string' }, budget: { type: 'string' }, 'calib-size': { type: 'string' }, model: { type: 'string' } } });
  const targetText = values.target ?? 'top1Agreement>=0.98';
  const budgetSeconds = Number(values.budget ?? 300);
  const calibSize = Number(values['calib-size'] ?? 100);
  const work = mkdtempSync(path.join(tmpdir(), 'parity-search-bench-'));
  try {
    const s = subject(work, values.model ?? 'mobilenetv2');
    const cpu = readCpuInfo();
    console.log(`${s.name}: ${s.model}\nCPU: ${cpu.model}, ${cpu.cores} logical cores, flags ${cpu.flags.join(' ')}`);

    // Parity's search, timed as a user would see it.
    const chosen = path.join(work, 'parity-search.onnx');
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const load0 = loadavg()[0]!;
    const result = await convertJob(
      ConvertParamsSchema.parse({
        model: s.model,
        recipe: 'int8-static',
        output: chosen,
        calib: s.calib,
        calibSize,
        preprocess: s.preprocess,
        search: { target: parseGateSpec(targetText), targetText, val: s.val, labels: s.labels, budgetSeconds },
      }),
      ctx,
    );
    const searchSeconds = (performance.now() - t0) / 1000;
    const cpuSeconds = Object.values(process.cpuUsage(cpu0)).reduce((a, b) => a + b, 0) / 1e6;
    const search = result.manifest.search!;
    console.log(formatSearch(search));
    console.log(`  search: ${searchSeconds.toFixed(0)} s wall, ${cpuSeconds.toFixed(0)} s CPU in this process (machine load average ${load0.toFixed(1)} → ${loadavg()[0]!.toFixed(1)} on ${cpu.cores} cores)`);

    // ORT's quantizer on the same calibration tensors (the same seeded subset, preprocessed by Parity's pipeline).
    const model = await readModel(s.model);
    const graph = model.proto.graph!;
    const inits = new Set(graph.initializer.map((t) => t.name));
    const spec = resolvePreprocessSpec(s.preprocess, signatureOf(graph.input.find((i) => !inits.has(i.name))!));
    const calibration = await selectCalibrationImages(s.calib, calibSize, 0);
    const tensors = await Promise.all(calibration.entries.map(async (e) => toTensor(await decodeFitted(e.absPath, spec), spec)));
    const npy = path.join(work, 'calib.npy');
    writeNpy(npy, tensors.map((t) => t.data as Float32Array), tensors[0]!.dims);
    const ortFile = path.join(work, 'ort-quantize-static.onnx');
    const run = ortQuantize(s.model, npy, ortFile, work, result.manifest.int8Path?.reduceRange === true);
    const variants: Array<{ label: string; file: string; seconds: string }> = [
      { label: 'fp32 (original)', file: s.model, seconds: '' },
      { label: `Parity search: ${search.candidates.find((c) => c.id === search.chosen)!.label}`, file: chosen, seconds: `${searchSeconds.toFixed(0)} s search` },
    ];
    const rec = search.recommendation;
    if (rec !== null) {
      const file = path.join(work, `parity-${rec.recipe}.onnx`);
      await convertJob(ConvertParamsSchema.parse({ model: s.model, recipe: rec.recipe, output: file, preprocess: s.preprocess, measureSpeed: false }), ctx);
      variants.push({ label: `Parity ${rec.recipe} (recommended)`, file, seconds: '' });
    }
    if (run.ok) variants.push({ label: 'ORT quantize_static (QDQ, per-channel, MinMax)', file: ortFile, seconds: `${run.seconds.toFixed(0)} s quantize` });
    else console.log(`  ORT's quantizer could not run (${run.error})`);

    // Every variant through the same compare pipeline on the same labelled validation images.
    const metrics: SummaryMetrics[] = [];
    for (const v of variants) {
      const r = await runComparison(
        CompareParamsSchema.parse({ reference: s.model, candidate: v.file, images: s.val, labels: s.labels, preprocess: s.preprocess, runDir: path.join(work, `run-${path.basename(v.file)}`), bench: false, layers: false }),
        ctx,
      );
      metrics.push(r.summary);
    }
    // All of them timed together: interleaved rounds, ratios against the first with bootstrap intervals.
    const bench = await benchJob(BenchParamsSchema.parse({ models: variants.map((v) => v.file), images: s.val, preprocess: s.preprocess, maxImages: 16, runs: 100 }), ctx);
    const source = statSync(s.model).size;
    console.log(`\n${metrics[0]!.images} validation images; ${bench.comparisons[0]?.threads ?? cpu.cores} thread(s); latency ratio = median of paired per-round ratios vs fp32 (95% bootstrap CI)`);
    console.log(`  ${'variant'.padEnd(52)} ${'latency ratio'.padEnd(22)} ${'top-1 agr.'.padStart(10)} ${'accuracy'.padStart(9)} ${'Δ acc pp'.padStart(9)} ${'size'.padStart(6)}  time`);
    variants.forEach((v, i) => {
      const m = metrics[i]!;
      const c = i === 0 ? null : bench.comparisons[i - 1]!;
      const ratio = c === null ? '1.00' : `${c.latencyRatio.median.toFixed(2)} (${c.latencyRatio.ci95[0].toFixed(2)}–${c.latencyRatio.ci95[1].toFixed(2)})`;
      const acc = m.accuracy;
      console.log(
        `  ${v.label.slice(0, 52).padEnd(52)} ${ratio.padEnd(22)} ${(m.top1Agreement ?? 0).toFixed(4).padStart(10)} ${acc ? acc.candidate.toFixed(4).padStart(9) : '—'.padStart(9)} ${acc ? (acc.delta * 100).toFixed(1).padStart(9) : '—'.padStart(9)} ${(statSync(v.file).size / source).toFixed(2).padStart(6)}  ${v.seconds}`,
      );
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
