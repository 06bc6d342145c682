/**
 * The pieces of a drift check on real data: JPEG quality read back from files sharp wrote, the gate spec, the
 * seeded reservoir, PSI's bin rule and the feature tensor chosen in a real classifier.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { estimateJpegQuality } from '../../../main/engine/drift/jpeg-quality.js';
import { RowReservoir } from '../../../main/engine/drift/reservoir.js';
import { psiBinCount, quantileCuts, binOf } from '../../../main/engine/drift/psi.js';
import { evaluateDriftGate } from '../../../main/engine/drift/drift-gate.js';
import { chooseFeatureTensor } from '../../../main/engine/drift/feature-model.js';
import { readModel } from '../../../main/engine/onnx/index.js';
import { decodeImage } from '../../../main/engine/images/index.js';
import { parseDriftGateSpec } from '../../../shared/drift/gate-spec.js';
import { ParityError } from '../../../shared/errors.js';
import { SAMPLE } from '../../helpers/cli.js';
import path from 'node:path';

describe('JPEG quality from the quantisation tables', () => {
  it('reads back the quality sharp (libjpeg, standard tables) saved a real image at', async () => {
    const image = await decodeImage(path.join(SAMPLE.documents, 'page-02.png'));
    for (const quality of [3, 10, 25, 50, 75, 90, 100]) {
      const bytes = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } }).jpeg({ quality, mozjpeg: false }).toBuffer();
      expect(estimateJpegQuality(bytes)).toBe(quality);
    }
  });

  it('has no answer for a PNG or a truncated header', async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } }).png().toBuffer();
    expect(estimateJpegQuality(png)).toBeNull();
    expect(estimateJpegQuality(Uint8Array.from([0xff, 0xd8, 0xff, 0xdb, 0x00]))).toBeNull();
  });
});

describe('the drift gate', () => {
  it('parses measures and thresholds, and refuses anything else', () => {
    expect(parseDriftGateSpec('psi=0.2, mmd-p=0.01,KS-P=1e-3')).toEqual([
      { metric: 'psi', threshold: 0.2 },
      { metric: 'mmd-p', threshold: 0.01 },
      { metric: 'ks-p', threshold: 0.001 },
    ]);
    for (const bad of ['psi', 'psi=-1', 'accuracy=0.9', 'psi=0.2%']) expect(() => parseDriftGateSpec(bad)).toThrow(ParityError);
  });

  it('fails over a shift measure, under a p-value, and when a measure does not apply', () => {
    const stat = (name: 'brightness' | 'contrast', psi: number, pValue: number) =>
      ({ name, psi, ks: 0.3, pValue, title: name, unit: '', level: 'stable' }) as never;
    const measured = { statistics: [stat('brightness', 0.31, 0.2), stat('contrast', 0.05, 0.001)], model: null };
    const gate = evaluateDriftGate(parseDriftGateSpec('psi=0.3,ks-p=0.01,mmd-p=0.01'), measured);
    expect(gate.passed).toBe(false);
    expect(gate.failures.map((f) => f.message)).toEqual([
      'psi 0.31 (brightness) is over 0.3',
      'ks-p 0.001 (contrast) is under 0.01',
      'mmd-p does not apply: no --model was given',
    ]);
    expect(evaluateDriftGate(parseDriftGateSpec('psi=0.4,ks-p=0.0001'), measured).passed).toBe(true);
  });
});

describe('streaming pieces', () => {
  it('a reservoir keeps a uniform, seeded sample in fixed memory', () => {
    const take = (seed: number): number[] => {
      const r = new RowReservoir(100, 1, seed);
      for (let i = 0; i < 10_000; i++) r.offer([i]);
      return Array.from(r.sortedColumn(0));
    };
    const a = take(1);
    expect(a).toHaveLength(100);
    expect(take(1)).toEqual(a);
    expect(take(2)).not.toEqual(a);
    // Uniform over 0..9999: the sample's mean is near 5000 (its standard error is about 290).
    expect(Math.abs(a.reduce((s, v) => s + v, 0) / 100 - 5000)).toBeLessThan(1200);
  });

  it('PSI bins: deciles for large folders, at least 20 images per bin for small ones, ties merged', () => {
    expect(psiBinCount(10_000, 5_000)).toBe(10);
    expect(psiBinCount(100, 60)).toBe(3);
    expect(psiBinCount(10, 10)).toBe(2);
    const constant = Float64Array.from({ length: 50 }, () => 7);
    const cuts = quantileCuts(constant, 10);
    expect(cuts).toEqual([7]);
    expect([binOf(cuts, 6), binOf(cuts, 7), binOf(cuts, 8)]).toEqual([0, 0, 1]);
  });

  it('takes features from the input of the last MatMul of the PaddleOCR classifier, or from a named node', async () => {
    const model = await readModel(SAMPLE.model);
    expect(chooseFeatureTensor(model.proto.graph!, null)).toMatchObject({ tensor: 'reshape2_0.tmp_0' });
    expect(chooseFeatureTensor(model.proto.graph!, 'p2o.Add.87')).toMatchObject({ tensor: 'p2o.Add.87' });
    expect(() => chooseFeatureTensor(model.proto.graph!, 'no-such-node')).toThrow(/no tensor or node called/);
  });
});

describe('predicted-class PSI', () => {
  it('pools classes too rare to compare, so one image per class over a thousand classes reads as no shift', async () => {
    const { pooledCategories, psiOfCounts } = await import('../../../main/engine/drift/psi.js');
    const oneEach = new Array<number>(1000).fill(0).map((_, i) => (i % 2 === 0 ? 1 : 0));
    const otherHalf = oneEach.map((v) => 1 - v);
    const pooled = pooledCategories(oneEach, otherHalf);
    expect(pooled).toEqual({ reference: [500], field: [500] });
    expect(psiOfCounts(pooled.reference, pooled.field)).toBe(0);
    // Two well-populated classes keep their own bins; a shift between them shows.
    const shifted = pooledCategories([300, 200, 5], [150, 350, 5]);
    expect(shifted).toEqual({ reference: [300, 200, 5], field: [150, 350, 5] });
    expect(psiOfCounts(shifted.reference, shifted.field)!).toBeGreaterThan(0.25);
  });
});
