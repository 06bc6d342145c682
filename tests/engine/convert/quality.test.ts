/**
 * The quality bar on the real PaddleOCR models, measured through the real compare pipeline: the
 * text-orientation classifier over the demo images (int8-static calibrated on them) and the DBNet detector over
 * the rendered document pages (dense IoU of the probability maps at threshold 0.3).
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CompareParamsSchema } from '../../../shared/contract/jobs/compare.js';
import type { Recipe } from '../../../shared/contract/jobs/convert.js';
import { runComparison } from '../../../main/engine/parity/compare/run-comparison.js';
import { locateDetector, locateSample } from '../../../main/engine/samples/index.js';
import { removeTempDirs, tempDir } from '../onnx/model-builders.js';
import { convert, jobContext } from './helpers.js';

afterAll(removeTempDirs);
const dir = tempDir('parity-quality-');
const cls = locateSample();
const det = locateDetector();
const SLOW = 600_000;

async function variant(model: string, recipe: Recipe, extra: Record<string, unknown>): Promise<{ file: string; sizeRatio: number }> {
  const file = path.join(dir, `${path.parse(model).name}.${recipe}.onnx`);
  const result = await convert({ model, recipe, output: file, measureSpeed: false, ...extra });
  return { file, sizeRatio: result.manifest.sizeRatio };
}

async function compare(reference: string, candidate: string, images: string, extra: Record<string, unknown>) {
  const result = await runComparison(
    CompareParamsSchema.parse({ reference, candidate, images, runDir: path.join(dir, `run-${path.parse(candidate).name}`), bench: false, ...extra }),
    jobContext(),
  );
  return result.summary;
}

describe('PaddleOCR text-orientation classifier over the demo images', () => {
  const common = { preprocess: cls.preprocess };
  const compareOptions = { labels: cls.labelsPath, preprocess: cls.preprocess };

  it('int8-static: top-1 agreement ≥ 0.98 with a file ≤ 0.35× the original', async () => {
    const v = await variant(cls.modelPath, 'int8-static', { ...common, calib: cls.imagesDir });
    const s = await compare(cls.modelPath, v.file, cls.imagesDir, compareOptions);
    console.log(`classifier int8-static: agreement ${s.top1Agreement}, size ${v.sizeRatio.toFixed(3)}×`);
    expect(s.images).toBe(200);
    expect(s.top1Agreement).toBeGreaterThanOrEqual(0.98);
    expect(v.sizeRatio).toBeLessThanOrEqual(0.35);
  }, SLOW);

  for (const recipe of ['fp16', 'fp16-weights'] as const) {
    it(`${recipe}: top-1 agreement ≥ 0.995 with a file ≤ 0.55× the original`, async () => {
      const v = await variant(cls.modelPath, recipe, common);
      const s = await compare(cls.modelPath, v.file, cls.imagesDir, compareOptions);
      console.log(`classifier ${recipe}: agreement ${s.top1Agreement}, size ${v.sizeRatio.toFixed(3)}×, max |Δp| ${s.maxProbDiff}`);
      expect(s.top1Agreement).toBeGreaterThanOrEqual(0.995);
      expect(v.sizeRatio).toBeLessThanOrEqual(0.55);
    }, SLOW);
  }
});

describe('PaddleOCR PP-OCRv4 detector over the rendered document pages', () => {
  const compareOptions = { preprocess: det.preprocess, threshold: 0.3 };

  it('int8-static: dense IoU at 0.3 ≥ 0.93', async () => {
    const v = await variant(det.modelPath, 'int8-static', { preprocess: det.preprocess, calib: det.imagesDir });
    const s = await compare(det.modelPath, v.file, det.imagesDir, compareOptions);
    console.log(`detector int8-static: IoU ${s.iou}, Dice ${s.dice}, size ${v.sizeRatio.toFixed(3)}×`);
    expect(s.images).toBe(16);
    expect(s.iou).toBeGreaterThanOrEqual(0.93);
    expect(v.sizeRatio).toBeLessThan(0.35);
  }, SLOW);

  it('fp16: dense IoU at 0.3 ≥ 0.98', async () => {
    const v = await variant(det.modelPath, 'fp16', { preprocess: det.preprocess });
    const s = await compare(det.modelPath, v.file, det.imagesDir, compareOptions);
    console.log(`detector fp16: IoU ${s.iou}, size ${v.sizeRatio.toFixed(3)}×`);
    expect(s.iou).toBeGreaterThanOrEqual(0.98);
    expect(v.sizeRatio).toBeLessThanOrEqual(0.55);
  }, SLOW);
});
