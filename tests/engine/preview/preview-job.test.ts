import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PreviewParamsSchema, PreviewResultSchema } from '../../../shared/contract/jobs/preview.js';
import type { TensorSignature } from '../../../shared/model-info.js';
import { createJobContext } from '../../../main/engine/jobs/context.js';
import { previewJob } from '../../../main/engine/preview/preview-job.js';
import { makeTempDir, rawSharp, solidImage } from '../images/fixtures.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const LINES = path.join(ROOT, 'samples/orientation/images');
const CLS_INPUT: TensorSignature = { name: 'x', dtype: 'float32', shape: ['N', 3, 'H', 'W'] };
const CLS_SPEC = { width: 192, height: 48, colorOrder: 'BGR', mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] } as const;

function ctx() {
  return createJobContext('t', new AbortController().signal, () => {}, () => {});
}

async function run(params: Parameters<typeof PreviewParamsSchema.parse>[0]) {
  return PreviewResultSchema.parse(await previewJob(PreviewParamsSchema.parse(params), ctx()));
}

async function decodeDataUri(uri: string): Promise<{ data: Buffer; width: number; height: number }> {
  expect(uri.startsWith('data:image/png;base64,')).toBe(true);
  const { data, info } = await sharp(Buffer.from(uri.split(',')[1]!, 'base64')).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

let tmp: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  tmp = await makeTempDir('preview');
});
afterAll(async () => tmp.cleanup());

describe('preview job', () => {
  it('shows a folder image at the model size with statistics matching its pixels', async () => {
    const result = await run({ image: LINES, index: 150, spec: CLS_SPEC, input: CLS_INPUT });
    expect(result.count).toBe(200);
    expect(result.index).toBe(150);
    expect(result.imagePath).toBe(path.join(LINES, '180', 'line-050.png'));
    expect(result.spec).toMatchObject({ width: 192, height: 48, layout: 'NCHW', colorOrder: 'BGR', dtype: 'float32' });
    expect(result.tensor.dims).toEqual([1, 3, 48, 192]);
    const png = await decodeDataUri(result.dataUri);
    expect([png.width, png.height]).toEqual([192, 48]);
    // Statistics computed here from the returned picture with the spec's formula, BGR order.
    const expected = [2, 1, 0].map((src) => {
      let min = Infinity;
      let max = -Infinity;
      let sum = 0;
      for (let i = src; i < png.data.length; i += 3) {
        const v = (png.data[i]! / 255 - 0.5) / 0.5;
        min = Math.min(min, v);
        max = Math.max(max, v);
        sum += v;
      }
      return { min, max, mean: sum / (png.data.length / 3) };
    });
    expect(result.tensor.channels.map((c) => c.channel)).toEqual(['B', 'G', 'R']);
    result.tensor.channels.forEach((c, i) => {
      expect(c.min).toBeCloseTo(expected[i]!.min, 5);
      expect(c.max).toBeCloseTo(expected[i]!.max, 5);
      expect(c.mean).toBeCloseTo(expected[i]!.mean, 5);
    });
    // Dark text on a light line: the picture spans most of the range.
    expect(result.tensor.channels[0]!.max - result.tensor.channels[0]!.min).toBeGreaterThan(1);
  });

  it('letterboxes a wide image into a square with grey bars above and below', async () => {
    const file = path.join(tmp.dir, 'wide.png');
    await rawSharp(solidImage(200, 50, [250, 10, 10])).png().toFile(file);
    const result = await run({ image: file, spec: { resize: 'letterbox', width: 64, height: 64, layout: 'NCHW' } });
    expect(result.count).toBe(1);
    expect(result.source).toEqual({ width: 200, height: 50 });
    const png = await decodeDataUri(result.dataUri);
    const at = (x: number, y: number) => [...png.data.subarray((y * 64 + x) * 3, (y * 64 + x) * 3 + 3)];
    expect(at(32, 0)).toEqual([114, 114, 114]);
    expect(at(32, 63)).toEqual([114, 114, 114]);
    expect(at(32, 32)).toEqual([250, 10, 10]);
    // Default normalisation (x/255): red channel spans grey 114/255 to 250/255.
    expect(result.tensor.channels[0]!.max).toBeCloseTo(250 / 255, 5);
    expect(result.tensor.channels[0]!.min).toBeCloseTo(114 / 255, 5);
  });

  it('shrinks a large picture to maxSide but keeps the statistics of the full tensor', async () => {
    const result = await run({ image: path.join(ROOT, 'samples/documents/images/page-00.png'), spec: { width: 640, height: 640, layout: 'NCHW' }, maxSide: 160 });
    const png = await decodeDataUri(result.dataUri);
    expect([png.width, png.height]).toEqual([160, 160]);
    expect(result.tensor.dims).toEqual([1, 3, 640, 640]);
  });

  it('refuses what a user can get wrong with a message and a hint', async () => {
    await expect(run({ image: path.join(tmp.dir, 'missing.png'), spec: CLS_SPEC, input: CLS_INPUT })).rejects.toMatchObject({ code: 'BAD_OPTION' });
    await expect(run({ image: LINES, spec: {}, input: CLS_INPUT })).rejects.toMatchObject({ code: 'BAD_OPTION', message: expect.stringContaining('symbolic') });
    await expect(run({ image: LINES, spec: { width: 10 } })).rejects.toMatchObject({ code: 'BAD_OPTION', hint: expect.any(String) });
    const fake = path.join(tmp.dir, 'fake.png');
    await writeFile(fake, 'not an image at all');
    await expect(run({ image: fake, spec: CLS_SPEC, input: CLS_INPUT })).rejects.toMatchObject({ code: 'BAD_IMAGE' });
    const empty = path.join(tmp.dir, 'empty');
    await import('node:fs/promises').then((fs) => fs.mkdir(empty));
    await expect(run({ image: empty, spec: CLS_SPEC, input: CLS_INPUT })).rejects.toMatchObject({ code: 'NO_IMAGES' });
  });
});

describe('preview job under a perturbation', () => {
  it('shows the image as a comparison perturbs it: same seed same pixels, another seed other pixels', async () => {
    const base = { image: LINES, index: 3, spec: CLS_SPEC, input: CLS_INPUT };
    const clean = await decodeDataUri((await run(base)).dataUri);
    const fog = await run({ ...base, perturbation: { name: 'gaussian_noise', severity: 5, seed: 7 } });
    const again = await run({ ...base, perturbation: { name: 'gaussian_noise', severity: 5, seed: 7 } });
    const other = await run({ ...base, perturbation: { name: 'gaussian_noise', severity: 5, seed: 8 } });
    expect(again.dataUri).toBe(fog.dataUri);
    expect(other.dataUri).not.toBe(fog.dataUri);
    const noisy = await decodeDataUri(fog.dataUri);
    expect([noisy.width, noisy.height]).toEqual([192, 48]);
    let diff = 0;
    for (let i = 0; i < clean.data.length; i++) diff += Math.abs(clean.data[i]! - noisy.data[i]!);
    // Severity-5 Gaussian noise (σ = 0.38 of the range) moves the average byte by tens of levels.
    expect(diff / clean.data.length).toBeGreaterThan(20);
  });

  it('refuses an unknown perturbation by the contract', async () => {
    expect(() => PreviewParamsSchema.parse({ image: LINES, perturbation: { name: 'smoke', severity: 2, seed: 0 } })).toThrow();
  });
});
