/**
 * Prints how long decoding, geometry and normalisation take on the built-in samples (median of many runs),
 * to check the preprocessing budget: toTensor ≲ 0.3 ms at 192×48 and a few ms at 640×640.
 *
 *   npx tsc -b tools && node dist/tools/bench-preprocess.js
 */
import path from 'node:path';
import { decodeImage, fitToInput, toTensor, type RgbImage } from '../main/engine/images/index.js';
import { locateDetector, locateSample } from '../main/engine/samples/index.js';
import type { PreprocessSpec } from '../shared/preprocess.js';

async function median(runs: number, fn: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

function row(label: string, ms: number): void {
  console.log(`${label.padEnd(52)} ${ms.toFixed(3).padStart(9)} ms`);
}

async function main(): Promise<void> {
  const sample = locateSample();
  const det = locateDetector();
  const line = await decodeImage(path.join(sample.imagesDir, '0', 'line-000.png'));
  const page = await decodeImage(path.join(det.imagesDir, 'page-00.png'));
  const cls = sample.preprocess;
  const fitted: RgbImage = await fitToInput(line, cls);
  const rgbNhwc: PreprocessSpec = { ...det.preprocess, colorOrder: 'RGB', layout: 'NHWC' };

  // Warm up the JIT and libvips before timing.
  for (let i = 0; i < 200; i++) toTensor(fitted, cls);
  row('decodeImage line PNG 320×48', await median(50, () => decodeImage(path.join(sample.imagesDir, '0', 'line-000.png'))));
  row('decodeImage page PNG 640×640', await median(20, () => decodeImage(path.join(det.imagesDir, 'page-00.png'))));
  row('fitToInput stretch 320×48 → 192×48', await median(100, () => fitToInput(line, cls)));
  row('fitToInput letterbox 320×48 → 192×48', await median(100, () => fitToInput(line, { ...cls, resize: 'letterbox' })));
  row('fitToInput crop 640×640 → 320×320', await median(30, () => fitToInput(page, { resize: 'crop', width: 320, height: 320 })));
  row('toTensor 192×48 float32 BGR NCHW', await median(2000, () => toTensor(fitted, cls)));
  for (let i = 0; i < 20; i++) toTensor(page, det.preprocess);
  row('toTensor 640×640 float32 BGR NCHW', await median(100, () => toTensor(page, det.preprocess)));
  row('toTensor 640×640 float32 RGB NHWC', await median(100, () => toTensor(page, rgbNhwc)));
  row('toTensor 640×640 uint8 NCHW', await median(100, () => toTensor(page, { ...det.preprocess, dtype: 'uint8', scale: 1, mean: [0, 0, 0], std: [1, 1, 1] })));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
