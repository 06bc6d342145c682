/**
 * The statistics of perturbed reference images are cached per image: a second ranking reads them (same figures,
 * one small file per image), and a damaged cache file is only a miss.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobContext } from '../../../main/engine/jobs/context.js';
import { decodeFitted } from '../../../main/engine/images/index.js';
import { rankResemblance, type SampleImage } from '../../../main/engine/drift/resemblance.js';
import { pixelStatistics } from '../../../main/engine/drift/pixel-statistics.js';
import { removeScratchDirs, SAMPLE, scratchDir } from '../../helpers/cli.js';

let cache: string;
const previous = process.env.PARITY_CACHE_DIR;
beforeAll(() => {
  cache = scratchDir('parity-drift-cache-');
  process.env.PARITY_CACHE_DIR = cache;
});
afterAll(() => {
  if (previous === undefined) delete process.env.PARITY_CACHE_DIR;
  else process.env.PARITY_CACHE_DIR = previous;
  removeScratchDirs();
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

describe('the resemblance cache', () => {
  it('serves a second ranking the same figures and survives a damaged file', async () => {
    const names = ['line-000.png', 'line-001.png', 'line-002.png'];
    const sample: SampleImage[] = await Promise.all(
      names.map(async (n) => ({ image: await decodeFitted(path.join(SAMPLE.images, '0', n), { resize: 'stretch', width: 192, height: 48 }), jpegQuality: 100 })),
    );
    const field = sample.map((s) => pixelStatistics(s.image));
    const fieldValues = (name: string): Float64Array =>
      Float64Array.from(field.map((f) => (name === 'jpegQuality' ? 100 : (f as unknown as Record<string, number>)[name] ?? NaN)).filter(Number.isFinite)).sort();
    const ctx = createJobContext('t', new AbortController().signal, () => {}, () => {});
    const rank = () => rankResemblance(sample, fieldValues, ['fog', 'gaussian_noise'], [1, 3], 0, ctx);
    const first = await rank();
    const files = filesUnder(path.join(cache, 'drift'));
    expect(files).toHaveLength(3);
    expect(Object.keys(JSON.parse(readFileSync(files[0]!, 'utf8')) as object).sort()).toEqual(['fog:1', 'fog:3', 'gaussian_noise:1', 'gaussian_noise:3']);
    expect(await rank()).toEqual(first);
    writeFileSync(files[1]!, '{"fog:1": [1, 2');
    expect(await rank()).toEqual(first);
    // What the cache holds is what the ranking uses: fog 1 recorded as the clean images' own statistics (one row
    // per file; KS compares the sets, so which file gets which row does not matter) matches the field exactly.
    const order = ['brightness', 'contrast', 'saturation', 'sharpness', 'noise', 'colorCastA', 'colorCastB'] as const;
    files.forEach((file, k) => {
      // (The damaged file was written whole again by the ranking that missed it.)
      const entries = JSON.parse(readFileSync(file, 'utf8')) as Record<string, number[]>;
      entries['fog:1'] = order.map((n) => field[k]![n]);
      writeFileSync(file, JSON.stringify(entries));
    });
    const doctored = await rank();
    expect(doctored.resembles[0]).toMatchObject({ name: 'fog', severity: 1, distance: 0 });
    expect(first.resembles.map((r) => `${r.name}:${r.severity}`).sort()).toEqual(['fog:1', 'fog:3', 'gaussian_noise:1', 'gaussian_noise:3']);
  });
});
