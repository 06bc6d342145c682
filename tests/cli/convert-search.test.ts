/** `parity convert --target` as a user runs it: the candidates table, exit 0 when met and 1 when missed, exit 2 on bad options. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConversionManifestSchema } from '../../shared/report/conversion-manifest.js';
import { removeScratchDirs, runCli, SAMPLE, scratchDir } from '../helpers/cli.js';

afterAll(removeScratchDirs);
const work = scratchDir('parity-cli-search-');
const env = { PARITY_DATA_DIR: path.join(work, 'data'), PARITY_CACHE_DIR: path.join(work, 'cache') };
const base = ['convert', SAMPLE.model, '--recipe', 'int8-static', '--calib', SAMPLE.images, '--preprocess', SAMPLE.preprocess, '--calib-size', '30', '--quiet'];

describe('parity convert --target', () => {
  it('prints every candidate and the verdict, and exits 0 when the target is met', async () => {
    const out = path.join(work, 'met', 'cls.int8.onnx');
    const run = await runCli([...base, '-o', out, '--target', 'top1Agreement>=0.9', '--budget', '1', '--max-val-images', '20'], { env, timeoutMs: 600_000 });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Search for top1Agreement>=0\.9 on 20 held-out calibration image\(s\)/);
    expect(run.stdout).toMatch(/c1 +int8 per-channel minmax +[\d.]+✓ [\d.]+ \([\d.]+–[\d.]+\) +0\.3\d +← chosen/);
    expect(run.stdout).toContain('The budget of 1 s ran out');
    const m = ConversionManifestSchema.parse(JSON.parse(readFileSync(out.replace(/\.onnx$/, '.manifest.json'), 'utf8')));
    expect(m.search?.met).toBe(true);
    expect(readdirSync(path.dirname(out)).sort()).toEqual(['cls.int8.manifest.json', 'cls.int8.onnx']);
  }, 600_000);

  it('exits 1 when no candidate meets the target, still writing the most accurate one', async () => {
    const out = path.join(work, 'missed', 'cls.int8.onnx');
    const run = await runCli([...base, '-o', out, '--target', 'maxAbsDiff<=0', '--budget', '1', '--max-val-images', '20'], { env, timeoutMs: 600_000 });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/none of the 1 int8 candidate\(s\) meets maxAbsDiff<=0; kept the most accurate/);
    expect(existsSync(out)).toBe(true);
  }, 600_000);

  it('exits 2 on search options that cannot work, writing nothing', async () => {
    const out = path.join(work, 'bad', 'x.onnx');
    const cases: Array<[string[], RegExp]> = [
      [['--val', SAMPLE.images], /--val applies to the search; give --target too/],
      [['--target', 'speed>=2'], /Unknown gate metric "speed"/],
      [['--target', 'top1Agreement>=0.9', '--severity', '3'], /--severity applies to --target-perturb/],
      [['--target', 'top1Agreement>=0.9', '--target-perturb', 'smoke'], /Unknown perturbation "smoke"/],
      [['--target', 'top1Agreement>=0.9', '--val', path.join(work, 'nowhere')], /--val folder not found/],
      [['--target', 'iou>=0.9', '--max-val-images', '10'], /The target iou>=0\.9 does not apply here: iou does not apply: the model has no dense \(map\) output/],
      [['--target', 'accuracy>=0.75', '--max-val-images', '10'], /accuracy does not apply: no image has a label/],
    ];
    for (const [extra, message] of cases) {
      const run = await runCli([...base, '-o', out, ...extra], { env });
      expect(run.code, extra.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
    }
    const fp16 = await runCli(['convert', SAMPLE.model, '--recipe', 'fp16', '-o', out, '--target', 'top1Agreement>=0.9', '--quiet'], { env });
    expect(fp16.code).toBe(2);
    expect(fp16.stderr).toContain('--target searches int8-static candidates');
    expect(existsSync(path.dirname(out)) ? readdirSync(path.dirname(out)) : []).toEqual([]);
  }, 600_000);
});
