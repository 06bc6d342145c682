/** `parity perturb`: one image under one perturbation through the engine, bad input refused with exit 2. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp, { type OutputInfo } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERTURBATION_NAMES } from '../../shared/perturbations/index.js';
import { removeScratchDirs, runCli, SAMPLE, scratchDir } from '../helpers/cli.js';

let work: string;
const line = path.join(SAMPLE.images, '0', 'line-003.png');
const env = (): Record<string, string> => ({ PARITY_DATA_DIR: path.join(work, 'data'), PARITY_CACHE_DIR: path.join(work, 'cache') });
const digest = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

async function rawPixels(file: string): Promise<{ data: Buffer; info: OutputInfo }> {
  return sharp(file).raw().toBuffer({ resolveWithObject: true });
}

beforeAll(() => {
  work = scratchDir('parity-cli-perturb-');
});
afterAll(removeScratchDirs);

describe('parity perturb', () => {
  it('--list prints every catalog name, one per line', async () => {
    const run = await runCli(['perturb', '--list']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual(PERTURBATION_NAMES);
  });

  it('writes the perturbed image at the image\'s size, the same bytes for the same seed', async () => {
    const a = path.join(work, 'a.png');
    const b = path.join(work, 'b.png');
    const c = path.join(work, 'c.png');
    for (const [out, seed] of [[a, '5'], [b, '5'], [c, '6']] as const) {
      const run = await runCli(['perturb', line, '--perturb', 'occlusion_branches', '--severity', '4', '--seed', seed, '-o', out, '--quiet'], { env: env() });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain(`Wrote ${out} (320×48, occlusion_branches severity 4, seed ${seed})`);
    }
    const original = await rawPixels(line);
    const first = await rawPixels(a);
    expect([first.info.width, first.info.height, first.info.channels]).toEqual([original.info.width, original.info.height, 3]);
    expect(digest(a)).toBe(digest(b));
    expect(first.data.equals((await rawPixels(c)).data)).toBe(false);
    expect(first.data.equals(original.data)).toBe(false);
  });

  it('converts grayscale, palette and 16-bit images to 8-bit RGB and says so', async () => {
    const grey = path.join(work, 'grey16.png');
    await sharp(line).greyscale().toColourspace('grey16').png().toFile(grey);
    const palette = path.join(work, 'palette.png');
    await sharp(line).png({ palette: true, colours: 16 }).toFile(palette);
    const cases: Array<[string, RegExp[]]> = [
      [grey, [/16-bit samples reduced to 8 bits/, /grayscale converted to RGB/]],
      [palette, [/palette colours expanded to RGB/]],
    ];
    for (const [input, notes] of cases) {
      const out = path.join(work, `${path.parse(input).name}.fog.png`);
      const run = await runCli(['perturb', input, '--perturb', 'fog', '--severity', '2', '-o', out, '--quiet'], { env: env() });
      expect(run.code, run.stderr).toBe(0);
      for (const note of notes) expect(run.stdout).toMatch(note);
      const { info } = await rawPixels(out);
      expect([info.width, info.height, info.channels]).toEqual([320, 48, 3]);
    }
  });

  it('refuses an unknown name with the list of valid ones (exit 2)', async () => {
    const run = await runCli(['perturb', line, '--perturb', 'haze', '--severity', '2', '-o', path.join(work, 'x.png')], { env: env() });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^parity: error: Unknown perturbation "haze"\./);
    for (const name of PERTURBATION_NAMES) expect(run.stderr).toContain(name);
  });

  it.each(['0', '6', '2.5', '1-5'])('refuses severity %s (exit 2)', async (severity) => {
    const run = await runCli(['perturb', line, '--perturb', 'fog', '--severity', severity, '-o', path.join(work, 'x.png')], { env: env() });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/severity/i);
    expect(run.stderr).toMatch(/\nhint: .*1 \(mild\) to 5 \(strong\)/);
  });

  it('refuses an image too small to perturb, with the reason (exit 2)', async () => {
    const tiny = path.join(work, 'tiny.png');
    await sharp({ create: { width: 6, height: 40, channels: 3, background: '#808080' } }).png().toFile(tiny);
    const run = await runCli(['perturb', tiny, '--perturb', 'fog', '--severity', '1', '-o', path.join(work, 'tiny.fog.png')], { env: env() });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/tiny\.png is 6×40 pixels; perturbations need at least 8×8/);
  });

  it('perturbs a 31×31 image (small but workable) with the layer and warp perturbations', async () => {
    const small = path.join(work, 'small.png');
    await sharp(line).resize(31, 31, { fit: 'fill' }).png().toFile(small);
    for (const name of ['snow', 'spatter', 'frost', 'elastic_transform', 'occlusion_patch']) {
      const out = path.join(work, `small.${name}.png`);
      const run = await runCli(['perturb', small, '--perturb', name, '--severity', '5', '-o', out, '--quiet'], { env: env() });
      expect(run.code, run.stderr).toBe(0);
      const { info } = await rawPixels(out);
      expect([info.width, info.height]).toEqual([31, 31]);
    }
  });
});
