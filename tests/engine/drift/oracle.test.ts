/**
 * The drift statistics equal their reference implementations on fixtures computed once by bench/drift-reference.py:
 * KS statistic and p-value as SciPy's ks_2samp, the textbook PSI, the unbiased RBF MMD² with its median-heuristic
 * bandwidth and permutation p-value as NumPy computes them, and the pixel statistics of real sample images.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ksTwoSample } from '../../../main/engine/drift/ks-test.js';
import { countInBins, psiBinCount, psiOfCounts, quantileCuts } from '../../../main/engine/drift/psi.js';
import { mmdTest } from '../../../main/engine/drift/mmd.js';
import { pixelStatistics } from '../../../main/engine/drift/pixel-statistics.js';
import { decodeImage } from '../../../main/engine/images/index.js';
import { ROOT } from '../../helpers/cli.js';

interface Oracle {
  twoSample: Array<{ name: string; reference: number[]; field: number[]; ks: number; pValue: number; psi: number; psiBins: number }>;
  mmd: Array<{ name: string; x: number[][]; y: number[][]; permutations: number; seed: number; mmd2: number; bandwidth: number; pValue: number }>;
  pixels: Array<{ path: string } & Record<string, number>>;
}

const oracle = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/drift/oracle.json'), 'utf8')) as Oracle;
const sorted = (values: number[]): Float64Array => Float64Array.from(values).sort();

function expectClose(actual: number, expected: number, relative: number, absolute = 0): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(Math.max(absolute, relative * Math.abs(expected)));
}

describe('two-sample KS against scipy.stats.ks_2samp', () => {
  for (const c of oracle.twoSample) {
    it(`${c.name} (${c.reference.length} vs ${c.field.length})`, () => {
      const result = ksTwoSample(sorted(c.reference), sorted(c.field));
      expectClose(result.statistic, c.ks, 1e-12);
      expectClose(result.pValue, c.pValue, 1e-9, 1e-14);
    });
  }
});

describe('PSI against the textbook formula', () => {
  for (const c of oracle.twoSample) {
    it(`${c.name}`, () => {
      const reference = sorted(c.reference);
      const cuts = quantileCuts(reference, psiBinCount(c.reference.length, c.field.length));
      expect(cuts.length + 1).toBe(c.psiBins);
      expectClose(psiOfCounts(countInBins(cuts, reference), countInBins(cuts, c.field))!, c.psi, 1e-10, 1e-15);
    });
  }
});

describe('MMD against NumPy', () => {
  for (const c of oracle.mmd) {
    it(`${c.name}: MMD², bandwidth and permutation p-value`, () => {
      const result = mmdTest(c.x, c.y, c.permutations, c.seed);
      expectClose(result.bandwidth, c.bandwidth, 1e-12);
      expectClose(result.mmd2, c.mmd2, 1e-9, 1e-15);
      expect(result.pValue).toBeCloseTo(c.pValue, 12);
    });
  }
});

describe('pixel statistics against NumPy on real images', () => {
  for (const c of oracle.pixels) {
    it(c.path, async () => {
      const stats = pixelStatistics(await decodeImage(path.join(ROOT, c.path)));
      for (const name of ['brightness', 'contrast', 'saturation', 'sharpness', 'noise', 'colorCastA', 'colorCastB'] as const) {
        expectClose(stats[name], c[name]!, 1e-9, 1e-9);
      }
    });
  }
});
