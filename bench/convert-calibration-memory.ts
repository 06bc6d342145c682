/**
 * Streaming calibration's memory: int8-static on the PaddleOCR detector with N calibration images (default 500,
 * 640×640 crops tiled from the rendered document pages), in a fresh child process per calibration method.
 * Prints the peak RSS against the 2 GB target and against what keeping every image's activations would take.
 * Run: node dist/bench/convert-calibration-memory.js [images=500] [methods=minmax,entropy]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { ConvertParamsSchema } from '../shared/contract/jobs/convert.js';
import { convertModel } from '../main/engine/convert/convert-model.js';
import { createJobContext } from '../main/engine/jobs/context.js';
import { listImages } from '../main/engine/images/index.js';
import { locateDetector } from '../main/engine/samples/index.js';
import { MB, peakRssBytes } from './onnx-bench-model.js';

const GB = 1024 * MB;

interface ChildReport {
  method: string;
  images: number;
  seconds: number;
  peakRss: number;
  activationMbPerImage: number | null;
  sizeRatio: number;
}

/** 640×640 crops of two pages side by side, at shifting offsets, so that no two calibration images are equal. */
async function writeCrops(dir: string, count: number): Promise<void> {
  const det = locateDetector();
  const pages = (await listImages(det.imagesDir, { withLabels: false })).entries.map((e) => e.absPath);
  const buffers = await Promise.all(pages.map((p) => sharp(p).resize(640, 640).raw().toBuffer()));
  for (let i = 0; i < count; i++) {
    const a = buffers[i % buffers.length]!;
    const b = buffers[(i * 7 + 3) % buffers.length]!;
    const pair = await sharp({ create: { width: 1280, height: 640, channels: 3, background: '#fff' } })
      .composite([
        { input: a, raw: { width: 640, height: 640, channels: 3 }, left: 0, top: 0 },
        { input: b, raw: { width: 640, height: 640, channels: 3 }, left: 640, top: 0 },
      ])
      .raw()
      .toBuffer();
    const left = (i * 97) % 641;
    await sharp(pair, { raw: { width: 1280, height: 640, channels: 3 } })
      .extract({ left, top: 0, width: 640, height: 640 })
      .jpeg({ quality: 90 })
      .toFile(path.join(dir, `crop-${String(i).padStart(4, '0')}.jpg`));
  }
}

async function child(calib: string, method: string, out: string): Promise<void> {
  const det = locateDetector();
  let activationMbPerImage: number | null = null;
  const ctx = createJobContext('bench', new AbortController().signal, () => {}, (_level, message) => {
    const m = /([\d.]+) MB of activations per image/.exec(message);
    if (m) activationMbPerImage = Number(m[1]);
  });
  const t0 = performance.now();
  const result = await convertModel(
    { ...ConvertParamsSchema.parse({ model: det.modelPath, recipe: 'int8-static', output: out, calib, calibSize: 100_000, calibMethod: method, preprocess: det.preprocess, measureSpeed: false }) },
    ctx,
  );
  const report: ChildReport = {
    method,
    images: result.manifest.calibration?.images ?? 0,
    seconds: (performance.now() - t0) / 1000,
    peakRss: peakRssBytes(),
    activationMbPerImage,
    sizeRatio: result.manifest.sizeRatio,
  };
  process.stdout.write(JSON.stringify(report));
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 500);
  const methods = (process.argv[3] ?? 'minmax,entropy').split(',');
  const work = mkdtempSync(path.join(tmpdir(), 'parity-calib-bench-'));
  try {
    const calib = path.join(work, 'calib');
    mkdirSync(calib);
    console.log(`calibration memory: writing ${count} detector calibration images (640×640 crops of the document pages)…`);
    await writeCrops(calib, count);
    let failed = false;
    for (const method of methods) {
      const json = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', calib, method, path.join(work, `det.${method}.onnx`)], {
        encoding: 'utf8',
        maxBuffer: 16 * MB,
      });
      const r = JSON.parse(json) as ChildReport;
      const kept = r.activationMbPerImage === null ? null : (r.activationMbPerImage * r.images) / 1024;
      const ok = r.peakRss < 2 * GB && r.images === count;
      failed ||= !ok;
      console.log(`  ${method}: ${r.images} images in ${r.seconds.toFixed(0)} s (${((r.seconds * 1000) / r.images).toFixed(0)} ms/image), size ${r.sizeRatio.toFixed(3)}×`);
      console.log(`    peak RSS ${(r.peakRss / MB).toFixed(0)} MB vs target 2048 MB: ratio ${(r.peakRss / (2 * GB)).toFixed(2)} → ${ok ? 'PASS' : 'FAIL'}`);
      if (kept !== null) {
        console.log(`    activations observed per image ${r.activationMbPerImage!.toFixed(1)} MB; keeping all of them would take ${kept.toFixed(1)} GB (${((kept * GB) / r.peakRss).toFixed(0)}× the measured peak)`);
      }
    }
    if (failed) process.exitCode = 1;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') await child(process.argv[3]!, process.argv[4]!, process.argv[5]!);
else await main();
