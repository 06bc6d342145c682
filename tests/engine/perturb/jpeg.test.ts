/**
 * jpeg_compression writes real JPEGs at ImageNet-C's qualities with the standard (Annex K) quantisation tables
 * scaled as libjpeg and PIL scale them, so a quality means the same as in ImageNet-C.
 */
import { describe, expect, it } from 'vitest';
import { encodeJpeg } from '../../../main/engine/perturb/corruptions/jpeg.js';
import { perturbImage } from '../../../main/engine/perturb/index.js';
import { PERTURBATIONS } from '../../../shared/perturbations/index.js';
import { line192 } from './fixtures.js';

// JPEG Annex K luminance table in natural (row-major) order, and the zig-zag order DQT segments use.
const LUMINANCE = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
  18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];
const ZIGZAG = [
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
  35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
];

function scaled(table: number[], quality: number): number[] {
  const factor = quality < 50 ? Math.floor(5000 / quality) : 200 - quality * 2;
  return table.map((v) => Math.min(255, Math.max(1, Math.floor((v * factor + 50) / 100))));
}

/** The first 8-bit quantisation table of a JPEG, in natural order. */
function firstTable(jpeg: Buffer): number[] {
  for (let i = 2; i < jpeg.length; ) {
    const marker = jpeg.readUInt16BE(i);
    const length = jpeg.readUInt16BE(i + 2);
    if (marker === 0xffdb) {
      const values = [...jpeg.subarray(i + 5, i + 5 + 64)];
      const natural = new Array<number>(64);
      ZIGZAG.forEach((pos, k) => (natural[pos] = values[k]!));
      return natural;
    }
    i += 2 + length;
  }
  throw new Error('no DQT segment');
}

describe('jpeg_compression', () => {
  it.each(PERTURBATIONS.jpeg_compression.severities.map((s, i) => [i + 1, s.quality] as const))(
    'severity %i encodes at quality %i with the standard luminance table',
    async (_severity, quality) => {
      const jpeg = await encodeJpeg(await line192(), quality);
      expect(jpeg.readUInt16BE(0)).toBe(0xffd8);
      expect(firstTable(jpeg)).toEqual(scaled(LUMINANCE, quality));
    },
  );

  it('round-trips through a lossy encoding', async () => {
    const line = await line192();
    const out = await perturbImage(line, { name: 'jpeg_compression', severity: 5, seed: 0 });
    let differing = 0;
    for (let i = 0; i < out.data.length; i++) if (out.data[i] !== line.data[i]) differing++;
    expect(differing).toBeGreaterThan(out.data.length / 4);
  });
});
