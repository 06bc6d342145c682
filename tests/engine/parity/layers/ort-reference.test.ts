/**
 * `parity layers` against ONNX Runtime's own layerwise tool. The fixtures in tests/fixtures/layers/ were made once by
 * bench/layers-reference.py (ORT 1.32): the PaddleOCR classifier quantized by ORT's quantize_static (reduce_range),
 * and qdq_loss_debug's xmodel_err per activation on 16 sample lines (listImages with maxImages 16, decoded and
 * preprocessed by Parity's pipeline, exported as .npy). The same 16 images through runLayers give the same SQNR.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLayers } from '../../../../main/engine/parity/layers/run-layers.js';
import { locateSample } from '../../../../main/engine/samples/index.js';
import { jobContext } from '../../convert/helpers.js';
import { ROOT } from '../../../helpers/cli.js';

const FIXTURES = path.join(ROOT, 'tests', 'fixtures', 'layers');
const reference = JSON.parse(readFileSync(path.join(FIXTURES, 'cls.ort-qdq-loss.json'), 'utf8')) as { tensors: number; errors: Record<string, { xmodel_err: number }> };

describe('parity layers against ONNX Runtime qdq_loss_debug', () => {
  it('gives the SQNR ORT gives, tensor by tensor, on ORT\'s own quantized classifier', async () => {
    const sample = locateSample();
    const result = await runLayers(
      { reference: sample.modelPath, candidate: path.join(FIXTURES, 'cls.ort-qdq.onnx'), images: sample.imagesDir, preprocess: sample.preprocess, maxImages: reference.tensors, floorDb: 20, threads: null },
      jobContext(),
    );
    expect(result.images).toBe(16);
    const rows = new Map(result.rows.map((r) => [r.tensor, r]));
    const names = Object.keys(reference.errors);
    expect(names.length).toBeGreaterThan(140);
    let compared = 0;
    let worst = 0;
    for (const name of names) {
      const row = rows.get(name);
      if (row === undefined) continue;
      compared++;
      worst = Math.max(worst, Math.abs(row.sqnrDb! - reference.errors[name]!.xmodel_err));
    }
    console.log(`${compared} of ${names.length} tensors compared; largest difference ${worst.toExponential(2)} dB`);
    expect(compared).toBeGreaterThanOrEqual(names.length - 1);
    expect(worst).toBeLessThan(0.01);
  }, 300_000);
});
