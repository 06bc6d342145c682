import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCpuSession, type CpuSession } from '../../../main/engine/infer/index.js';
import { decodeImage, listImages, preprocessImage } from '../../../main/engine/images/index.js';
import { locateDetector, locateSample } from '../../../main/engine/samples/index.js';

function argmax(values: Float32Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] as number) > (values[best] as number)) best = i;
  return best;
}

describe('the built-in sample with the real classifier', () => {
  const sample = locateSample();
  let session: CpuSession;

  beforeAll(async () => {
    session = await createCpuSession(sample.modelPath, { intraOpThreads: 1, optimizationLevel: 'all' });
  });
  afterAll(() => session?.release());

  it('classifies at least 95% of the committed text lines correctly, in both classes', async () => {
    const labels = readFileSync(sample.labelsPath, 'utf8').split('\n').filter(Boolean);
    const { entries } = await listImages(sample.imagesDir, { withLabels: true });
    expect(entries.length).toBe(200);
    const correctPerClass = new Map<string, number>();
    for (const entry of entries) {
      const tensor = await preprocessImage(await decodeImage(entry.absPath), sample.preprocess);
      const out = await session.run({ x: { dtype: 'float32', data: tensor.data, dims: tensor.dims } });
      const probs = out['softmax_0.tmp_0']?.data as Float32Array;
      if (labels[argmax(probs)] === entry.label) correctPerClass.set(entry.label ?? '', (correctPerClass.get(entry.label ?? '') ?? 0) + 1);
    }
    const correct = [...correctPerClass.values()].reduce((a, b) => a + b, 0);
    console.log(`sample classifier accuracy: ${correct}/${entries.length} (${JSON.stringify(Object.fromEntries(correctPerClass))})`);
    expect(correct / entries.length).toBeGreaterThanOrEqual(0.95);
    // Not one class predicted for everything: each class is mostly right on its own.
    expect(correctPerClass.get('0') ?? 0).toBeGreaterThanOrEqual(90);
    expect(correctPerClass.get('180') ?? 0).toBeGreaterThanOrEqual(90);
  });
});

describe('the detector pages with the real DBNet', () => {
  it('produce a text probability map covering a plausible share of the page', async () => {
    const det = locateDetector();
    const session = await createCpuSession(det.modelPath, { intraOpThreads: 1, optimizationLevel: 'all' });
    try {
      const { entries } = await listImages(det.imagesDir, { withLabels: false, maxImages: 2 });
      for (const entry of entries) {
        const tensor = await preprocessImage(await decodeImage(entry.absPath), det.preprocess);
        const out = await session.run({ x: { dtype: 'float32', data: tensor.data, dims: tensor.dims } });
        const map = out['sigmoid_0.tmp_0'];
        expect(map?.dims).toEqual([1, 1, 640, 640]);
        const data = map?.data as Float32Array;
        let above = 0;
        for (const v of data) if (v > 0.3) above++;
        const share = above / data.length;
        console.log(`${entry.relPath}: ${(share * 100).toFixed(1)}% of pixels > 0.3`);
        expect(share).toBeGreaterThan(0.02);
        expect(share).toBeLessThan(0.6);
      }
    } finally {
      await session.release();
    }
  });
});
