/**
 * Conversion cost and inference speed of every recipe on the PaddleOCR detector and recogniser:
 *  - conversion time and peak RSS, each conversion in a fresh child process;
 *  - the inference speed of each variant relative to the original: same ONNX Runtime settings (level 'all', same
 *    intra-op threads), interleaved runs alternating which model goes first, on the same real inputs (the rendered
 *    document pages for the detector, the text lines for the recogniser). A ratio below 1 means slower; on a CPU
 *    without fast int8 or float16 kernels that is expected and printed as such.
 * Run: node dist/bench/convert-speed.js [rounds=3] [threads=all]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConvertParamsSchema, RECIPES, type Recipe } from '../shared/contract/jobs/convert.js';
import type { PreprocessSpec } from '../shared/preprocess.js';
import { convertModel } from '../main/engine/convert/convert-model.js';
import { readCpuInfo } from '../main/engine/env/cpu-info.js';
import { createCpuSession, type CpuSession } from '../main/engine/infer/index.js';
import { decodeImage, listImages, preprocessImage, type ImageTensor } from '../main/engine/images/index.js';
import { createJobContext } from '../main/engine/jobs/context.js';
import { locateDetector, locateRecognizer } from '../main/engine/samples/index.js';
import { MB, peakRssBytes } from './onnx-bench-model.js';

interface Subject {
  name: string;
  model: string;
  images: string;
  spec: PreprocessSpec;
  calibSize: number;
}

interface ChildReport {
  seconds: number;
  peakRss: number;
  sizeRatio: number;
}

function subjects(): Subject[] {
  const det = locateDetector();
  const rec = locateRecognizer();
  return [
    { name: 'detector', model: det.modelPath, images: det.imagesDir, spec: det.preprocess, calibSize: 16 },
    { name: 'recogniser', model: rec.modelPath, images: rec.imagesDir, spec: rec.preprocess, calibSize: 100 },
  ];
}

async function child(subjectName: string, recipe: Recipe, out: string): Promise<void> {
  const s = subjects().find((x) => x.name === subjectName)!;
  const t0 = performance.now();
  const result = await convertModel(
    ConvertParamsSchema.parse({ model: s.model, recipe, output: out, preprocess: s.spec, measureSpeed: false, ...(recipe === 'int8-static' ? { calib: s.images, calibSize: s.calibSize } : {}) }),
    createJobContext('bench', new AbortController().signal, () => {}, () => {}),
  );
  const report: ChildReport = { seconds: (performance.now() - t0) / 1000, peakRss: peakRssBytes(), sizeRatio: result.manifest.sizeRatio };
  process.stdout.write(JSON.stringify(report));
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function inputs(s: Subject): Promise<ImageTensor[]> {
  const { entries } = await listImages(s.images, { withLabels: false, maxImages: 16 });
  return Promise.all(entries.map(async (e) => preprocessImage(await decodeImage(e.absPath), s.spec)));
}

/** Median per-image time of the source and of the variant, interleaved image by image. */
async function timeAgainst(source: string, variant: string, tensors: ImageTensor[], rounds: number, threads: number): Promise<{ source: number; variant: number }> {
  const options = { optimizationLevel: 'all', intraOpThreads: threads } as const;
  const a = await createCpuSession(source, options);
  const b = await createCpuSession(variant, options);
  const feeds = tensors.map((t) => ({ x: { dtype: 'float32', data: t.data, dims: t.dims } as const }));
  await a.run(feeds[0]!);
  await b.run(feeds[0]!);
  const ta: number[] = [];
  const tb: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const [i, feed] of feeds.entries()) {
      const order: Array<[CpuSession, number[]]> = (r + i) % 2 === 0 ? [[a, ta], [b, tb]] : [[b, tb], [a, ta]];
      for (const [session, times] of order) {
        const t0 = performance.now();
        await session.run(feed);
        times.push(performance.now() - t0);
      }
    }
  }
  await a.release();
  await b.release();
  return { source: median(ta), variant: median(tb) };
}

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 3);
  const threads = process.argv[3] ? Number(process.argv[3]) : os.availableParallelism();
  const cpu = readCpuInfo();
  console.log(`convert speed: ${cpu.model}, ${cpu.cores} logical cores, flags ${cpu.flags.join(' ')}`);
  console.log(`  inference: ONNX Runtime level 'all', ${threads} intra-op thread(s), ${rounds} interleaved round(s) over the real inputs`);
  const work = mkdtempSync(path.join(tmpdir(), 'parity-convert-speed-'));
  try {
    for (const s of subjects()) {
      const tensors = await inputs(s);
      console.log(`\n${s.name} (${path.basename(s.model)}), ${tensors.length} real inputs ${tensors[0]!.dims.join('×')}`);
      console.log('  recipe         convert   peak RSS   size    source ms  variant ms  speed vs source');
      for (const recipe of RECIPES) {
        const out = path.join(work, `${s.name}.${recipe}.onnx`);
        const json = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', s.name, recipe, out], { encoding: 'utf8', maxBuffer: 16 * MB });
        const c = JSON.parse(json) as ChildReport;
        const t = await timeAgainst(s.model, out, tensors, rounds, threads);
        const ratio = t.source / t.variant;
        const verdict = ratio >= 1.1 ? 'faster' : ratio > 0.9 ? 'same (±10%)' : 'SLOWER';
        console.log(
          `  ${recipe.padEnd(13)} ${c.seconds.toFixed(1).padStart(6)} s ${(c.peakRss / MB).toFixed(0).padStart(6)} MB ${c.sizeRatio.toFixed(3).padStart(6)}× ${t.source.toFixed(1).padStart(9)}  ${t.variant.toFixed(1).padStart(9)}   ${ratio.toFixed(2)}× ${verdict}`,
        );
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') await child(process.argv[3]!, process.argv[4] as Recipe, process.argv[5]!);
else await main();
