/**
 * `parity convert`, `parity compare --candidate-recipe` and `parity demo` as a user runs them (the built CLI):
 * exit codes, the files written (variant, manifest, reports) and nothing written when the input is bad.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversionManifestSchema } from '../../shared/report/conversion-manifest.js';
import { ParityReportSchema } from '../../shared/report/report.js';
import { removeScratchDirs, runCli, SAMPLE, scratchDir } from '../helpers/cli.js';
import { DEMO_PERTURBATIONS } from '../../main/cli/commands/demo.js';

let work: string;
const env = (): Record<string, string> => ({ PARITY_DATA_DIR: path.join(work, 'data'), PARITY_CACHE_DIR: path.join(work, 'cache') });

beforeAll(() => {
  work = scratchDir('parity-cli-convert-');
});
afterAll(removeScratchDirs);

function manifestOf(file: string) {
  return ConversionManifestSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

describe('parity convert', () => {
  it('writes the variant and its manifest, and prints what it did', async () => {
    const out = path.join(work, 'models', 'cls.int8.onnx');
    const run = await runCli(
      ['convert', SAMPLE.model, '--recipe', 'int8-static', '-o', out, '--calib', SAMPLE.images, '--preprocess', SAMPLE.preprocess, '--calib-size', '40', '--seed', '5', '--quiet'],
      { env: env() },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Wrote ${out}`);
    expect(run.stdout).toMatch(/this CPU/);
    const m = manifestOf(path.join(work, 'models', 'cls.int8.manifest.json'));
    expect(m.recipe).toBe('int8-static');
    expect(m.calibration).toMatchObject({ method: 'minmax', images: 40, seed: 5 });
    expect(m.options).toMatchObject({ calibSize: 40, seed: 5, perChannel: true });
    expect(m.int8Path?.reason).toBeTruthy();
    expect(m.sizeRatio).toBeLessThan(0.36);
    expect(readdirSync(path.dirname(out)).sort()).toEqual(['cls.int8.manifest.json', 'cls.int8.onnx']);
  }, 180_000);

  it('puts the variant next to the model by default and takes the quantization flags', async () => {
    const model = path.join(work, 'copy', 'cls.onnx');
    const { copyFileSync, mkdirSync } = await import('node:fs');
    mkdirSync(path.dirname(model), { recursive: true });
    copyFileSync(SAMPLE.model, model);
    const run = await runCli(['convert', model, '--recipe', 'int8-dynamic', '--no-per-channel', '--reduce-range', '--exclude-ops', 'Conv', '--no-timing', '--quiet'], { env: env() });
    expect(run.code).toBe(0);
    const m = manifestOf(path.join(work, 'copy', 'cls.int8-dynamic.manifest.json'));
    expect(m.options).toMatchObject({ perChannel: false, reduceRange: true });
    expect(m.int8Path).toMatchObject({ reduceRange: true, reason: expect.stringContaining('user') });
    expect(m.nodes.excluded.filter((e) => /exclude-ops/.test(e.reason)).length).toBeGreaterThan(10);
    expect(m.speed).toBeNull();
  }, 180_000);

  it('exits 2 with the reason, writing nothing, when the recipe cannot apply', async () => {
    const dir = path.join(work, 'bad');
    const cases: Array<[string[], RegExp]> = [
      [['convert', SAMPLE.model, '--recipe', 'int8-static', '-o', path.join(dir, 'a.onnx')], /needs calibration images: give a folder of them \(--calib/],
      [['convert', SAMPLE.model, '--recipe', 'int8-static', '--calib', path.join(work, 'models'), '--preprocess', SAMPLE.preprocess, '-o', path.join(dir, 'b.onnx')], /no usable image/],
      [['convert', SAMPLE.model, '--recipe', 'int8-static', '--calib', SAMPLE.images, '-o', path.join(dir, 'c.onnx')], /give "height" and "width" in the preprocessing \(--preprocess\)/],
      [['convert', path.join(work, 'models', 'cls.int8.onnx'), '--recipe', 'fp16', '-o', path.join(dir, 'd.onnx')], /already quantized/],
      [['convert', SAMPLE.model, '--recipe', 'fp17'], /Unknown recipe "fp17"/],
      [['convert', SAMPLE.model, '--recipe', 'int8-static', '--calib-method', 'median'], /--calib-method must be one of minmax, percentile, entropy/],
      [['convert', SAMPLE.model, '--recipe', 'fp16', '--hardware-specific', '-o', path.join(dir, 'e.onnx')], /applies to the optimized recipe only/],
    ];
    for (const [args, reason] of cases) {
      const run = await runCli([...args, '--quiet'], { env: env() });
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(reason);
    }
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  }, 180_000);
});

describe('parity compare --candidate-recipe', () => {
  it('converts the reference on the fly and shows the manifest in the report', async () => {
    const json = path.join(work, 'recipe-run.json');
    const args = ['compare', SAMPLE.model, '--candidate-recipe', 'fp16', '--images', SAMPLE.images, '--labels', SAMPLE.labels, '--preprocess', SAMPLE.preprocess, '--json', json, '--no-bench', '--quiet'];
    const run = await runCli(args, { env: env() });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('fp16 variant');
    const report = ParityReportSchema.parse(JSON.parse(readFileSync(json, 'utf8')));
    expect(report.models.candidate.manifest?.recipe).toBe('fp16');
    expect(report.models.candidate.path.startsWith(path.join(work, 'cache'))).toBe(true);
    expect(report.summary.clean.top1Agreement).toBeGreaterThanOrEqual(0.995);
    // A second run finds the variant in the cache.
    const again = await runCli([...args.slice(0, -4), '--json', `${json}.2`, '--no-bench', '--quiet', '--verbose'], { env: env() });
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/using the cached fp16 variant/);
  }, 240_000);

  it('exits 2 for int8-static without --calib', async () => {
    const run = await runCli(['compare', SAMPLE.model, '--candidate-recipe', 'int8-static', '--images', SAMPLE.images, '--preprocess', SAMPLE.preprocess, '--quiet'], { env: env() });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--calib/);
  });
});

describe('parity demo', () => {
  it('compares the sample classifier with its int8-static, fp16 and optimized variants', async () => {
    const out = path.join(work, 'demo');
    const run = await runCli(['demo', '--out', out, '--quiet'], { env: env(), timeoutMs: 300_000 });
    expect(run.code).toBe(0);
    for (const recipe of ['int8-static', 'fp16', 'optimized']) {
      expect(run.stdout).toContain(`vs ${recipe} variant`);
      const report = ParityReportSchema.parse(JSON.parse(readFileSync(path.join(out, recipe, 'report.json'), 'utf8')));
      expect(report.models.candidate.manifest?.recipe).toBe(recipe);
      expect(report.summary.clean.top1Agreement).toBeGreaterThanOrEqual(0.98);
    }
    // The int8 comparison also runs under the demo's perturbations, each at severity 3.
    const int8Report = ParityReportSchema.parse(JSON.parse(readFileSync(path.join(out, 'int8-static', 'report.json'), 'utf8')));
    expect(int8Report.perturbations?.map((p) => `${p.name}@${p.severity}`)).toEqual(DEMO_PERTURBATIONS.map((name) => `${name}@3`));
    for (const p of int8Report.perturbations ?? []) expect(p.metrics.images).toBe(200);
    const int8 = manifestOf(path.join(out, 'models', 'ch_ppocr_mobile_v2.0_cls_infer.int8-static.manifest.json'));
    expect(int8.calibration?.images).toBe(200);
  }, 300_000);
});
