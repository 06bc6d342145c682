/**
 * Every recipe on each of the three PaddleOCR models (paddle2onnx exports, weights in Constant nodes, opset 9 and
 * 11): the conversion succeeds, the file passes our structural check, loads in onnxruntime-node (the final check
 * inside the conversion also runs it on an input and compares output shapes), keeps the source's I/O signature,
 * and the manifest says what was quantized.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RECIPES, type ConvertParams } from '../../../shared/contract/jobs/convert.js';
import { checkModelStructure, readModel } from '../../../main/engine/onnx/index.js';
import { locateDetector, locateRecognizer, locateSample } from '../../../main/engine/samples/index.js';
import { removeTempDirs, tempDir } from '../onnx/model-builders.js';
import { convert } from './helpers.js';

afterAll(removeTempDirs);
const dir = tempDir('parity-paddleocr-recipes-');
const cls = locateSample();
const det = locateDetector();
const rec = locateRecognizer();

const MODELS: Array<{ name: string; model: string; options: Partial<ConvertParams> }> = [
  { name: 'classifier', model: cls.modelPath, options: { preprocess: cls.preprocess, calib: cls.imagesDir, calibSize: 32 } },
  { name: 'detector', model: det.modelPath, options: { preprocess: det.preprocess, calib: det.imagesDir, calibSize: 4 } },
  { name: 'recogniser', model: rec.modelPath, options: { preprocess: rec.preprocess, calib: rec.imagesDir, calibSize: 16 } },
];

describe.each(MODELS)('every recipe on the PaddleOCR $name', ({ name, model, options }) => {
  it.each(RECIPES.map((r) => [r]))('%s', async (recipe) => {
    const output = path.join(dir, `${name}.${recipe}.onnx`);
    const result = await convert({ ...options, model, recipe, output, measureSpeed: false });
    const variant = await readModel(output);
    expect(checkModelStructure(variant).filter((i) => i.severity === 'error')).toEqual([]);
    const m = result.manifest;
    expect(m.ioMapping.inputs.map((p) => [p.source.name, p.source.dtype, p.output.dtype])).toEqual([['x', 'float32', 'float32']]);
    expect(m.ioMapping.outputs.every((p) => p.output.dtype === 'float32')).toBe(true);
    if (recipe === 'int8-static') {
      expect(m.nodes.quantized.length).toBeGreaterThan(10);
      expect(m.opsAfter.QuantizeLinear).toBeGreaterThan(10);
      expect(m.sizeRatio).toBeLessThan(0.36);
      expect(m.calibration?.images).toBe(options.calibSize);
    }
    if (recipe === 'fp16' || recipe === 'fp16-weights') expect(m.sizeRatio).toBeLessThan(0.55);
    if (recipe === 'int8-dynamic') {
      // Convolutions are left in float with the reason; MatMul/Gemm weights become int8.
      expect(m.nodes.excluded.some((e) => /ConvInteger/.test(e.reason))).toBe(true);
      expect(m.opsAfter.MatMulInteger ?? 0).toBe(m.nodes.quantized.length);
    }
  }, 600_000);
});
