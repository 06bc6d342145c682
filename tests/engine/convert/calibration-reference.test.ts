/**
 * Calibration against ONNX Runtime's own calibrators: the tensors of tests/fixtures/calibration (made once by
 * bench/calibration-reference.py with onnxruntime.quantization's MinMaxCalibrater, PercentileCalibrater and
 * EntropyCalibrater) are fed batch by batch to Parity's statistics, and every method's range is compared with ORT's.
 * Parity's second calibration pass fills the same 2048-bin grids ORT builds, so the tolerance is one bin of that grid
 * (max|x| / 1024 signed, (max|x| − min|x|) / 2048 for |x|): values on a bin edge may land on either side in float32.
 * Where two entropy windows' KL divergences differ by less than float32 resolves (ORT computes KL in float32, Parity in
 * float64), the fixture lists every such window and Parity's must be one of them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { rangesFromStatistics } from '../../../main/engine/convert/calibration/calibrate.js';
import { entropyRange } from '../../../main/engine/convert/calibration/histogram-range.js';
import { TensorStatistics } from '../../../main/engine/convert/calibration/tensor-stats.js';
import type { ActivationStatistics } from '../../../main/engine/convert/calibration/activation-statistics.js';

const dir = path.join(import.meta.dirname, '..', '..', 'fixtures', 'calibration');
const Range = z.tuple([z.number(), z.number()]);
const Fixture = z.object({
  onnxruntime: z.string(),
  percentile: z.number(),
  percentileBins: z.number(),
  entropyBins: z.number(),
  entropyDefaultBins: z.number(),
  tensors: z.array(
    z.object({
      name: z.string(),
      offset: z.number(),
      batches: z.number(),
      batchSize: z.number(),
      minmax: Range,
      percentile: Range,
      percentile99_9: Range,
      entropy: Range,
      entropyNearTies: z.array(Range).min(1),
      entropyDefaultBins: Range,
    }),
  ),
});
const fixture = Fixture.parse(JSON.parse(readFileSync(path.join(dir, 'ranges.json'), 'utf8')));
const bytes = readFileSync(path.join(dir, 'activations.bin'));
const values = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);

/** The statistics Parity collects from the fixture's batches, one batch at a time as calibration feeds them. */
function collected(): ActivationStatistics {
  const tensors = new Map<string, TensorStatistics>();
  for (const t of fixture.tensors) {
    const s = new TensorStatistics();
    const batches = Array.from({ length: t.batches }, (_, b) => values.slice(t.offset + b * t.batchSize, t.offset + (b + 1) * t.batchSize));
    for (const batch of batches) s.add(batch, [1, t.batchSize]);
    for (const batch of batches) s.addToHistograms(batch);
    tensors.set(t.name, s);
  }
  return { tensors, images: 3, skipped: [], firstInput: null };
}

describe(`calibration ranges against ONNX Runtime ${fixture.onnxruntime}'s calibrators`, () => {
  const stats = collected();
  const minmax = rangesFromStatistics(stats, 'minmax', fixture.percentile);
  const percentile = rangesFromStatistics(stats, 'percentile', fixture.percentile);
  const percentile999 = rangesFromStatistics(stats, 'percentile', 99.9);
  const entropy = rangesFromStatistics(stats, 'entropy', fixture.percentile);

  for (const t of fixture.tensors) {
    const absMax = Math.max(Math.abs(t.minmax[0]), Math.abs(t.minmax[1]));
    const tolerance = absMax / 1024;
    const close = (got: { min: number; max: number } | undefined, want: readonly [number, number]): boolean =>
      Math.abs(got!.min - want[0]) <= tolerance && Math.abs(got!.max - want[1]) <= tolerance;
    const near = (got: { min: number; max: number } | undefined, want: [number, number]): void => {
      expect(Math.abs(got!.min - want[0])).toBeLessThanOrEqual(tolerance);
      expect(Math.abs(got!.max - want[1])).toBeLessThanOrEqual(tolerance);
    };
    it(`${t.name}: minmax equals MinMaxCalibrater exactly`, () => {
      expect(minmax.get(t.name)).toEqual({ min: t.minmax[0], max: t.minmax[1] });
    });
    it(`${t.name}: percentile ${fixture.percentile} and 99.9 match PercentileCalibrater (symmetric, ${fixture.percentileBins} bins)`, () => {
      near(percentile.get(t.name), t.percentile);
      near(percentile999.get(t.name), t.percentile99_9);
    });
    it(`${t.name}: entropy matches EntropyCalibrater on ${fixture.entropyBins} bins; on its default ${fixture.entropyDefaultBins} bins both give min/max`, () => {
      const got = entropy.get(t.name);
      if (t.entropyNearTies.length === 1) near(got, t.entropy);
      else expect(t.entropyNearTies.some((w) => close(got, w)), `${JSON.stringify(got)} among ${JSON.stringify(t.entropyNearTies)}`).toBe(true);
      const h = stats.tensors.get(t.name)!.signed!.merged(fixture.entropyDefaultBins);
      expect(entropyRange(h, t.minmax[0], t.minmax[1])).toEqual({ min: t.entropyDefaultBins[0], max: t.entropyDefaultBins[1] });
    });
  }
});
