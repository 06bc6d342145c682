/**
 * The model zoo: every real model of tests/zoo/models.json, installed from the npm registry into the zoo cache, through
 * the `parity` command as a user runs it: inspect, convert with every recipe (a variant, or a refusal with a reason
 * and exit 2 — never an internal error), and compare each variant with the original on the model's sample images
 * under its quality bar. Needs the build (`npm run build`); run with `npm run test:zoo`, whose two files each take
 * half of the models (ISNet's two in different halves) and run side by side: most steps are one process's
 * single-threaded JavaScript or its start-up, so two at a time use a 2-core machine.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecipeSchema, type Recipe } from '../../shared/contract/jobs/convert.js';
import { fetchZooModel, zooPackageFile } from './zoo-fetch.js';
import { zooImages } from './zoo-images.js';
import { REPO, zooCache, zooModels, type ZooModel } from './zoo-models.js';

const RECIPES = RecipeSchema.options;
const CLI = path.join(REPO, 'bin/parity.js');

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function parity(args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], { maxBuffer: 64 << 20, cwd: REPO });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** One line per (model, step) for the summary printed at the end. */
const summary: string[] = [];

function zooDescribe(model: ZooModel): void {
  describe.sequential(`${model.name}: ${model.task}`, () => {
    let file = '';
    let work = '';
    let specFile: string | null = null;
    let images: Awaited<ReturnType<typeof zooImages>>;
    const variants = new Map<Recipe, string>();

    beforeAll(async () => {
      file = await fetchZooModel(model);
      images = await zooImages(model);
      work = path.join(zooCache(), 'runs', model.name);
      await rm(work, { recursive: true, force: true });
      await mkdir(work, { recursive: true });
      if (model.preprocess !== null) {
        specFile = path.join(work, 'preprocess.json');
        await writeFile(specFile, JSON.stringify(model.preprocess));
      }
    });

    it('inspect reads its input as models.json says', async () => {
      const result = await parity(['inspect', file, '--json']);
      expect(result.code, result.stderr).toBe(0);
      const info = JSON.parse(result.stdout) as { inputs: Array<{ name: string; shape: Array<number | string> }> };
      expect(info.inputs).toHaveLength(1);
      expect(info.inputs[0]).toMatchObject(model.input);
    });

    for (const recipe of RECIPES) {
      it(`convert --recipe ${recipe}`, async (ctx) => {
        const skipped = model.skip[recipe];
        if (skipped !== undefined) {
          summary.push(`${model.name} ${recipe}: not run here — ${skipped}`);
          ctx.skip();
          return;
        }
        const out = path.join(work, `${recipe}.onnx`);
        const args = ['convert', file, '--recipe', recipe, '-o', out, '--no-timing', '--quiet'];
        if (specFile) args.push('--preprocess', specFile);
        if (recipe === 'int8-static') args.push('--calib', images.dir, '--calib-size', String(Math.min(images.max, 16)));
        const result = await parity(args);
        const refusal = model.refuse[recipe];
        if (refusal !== undefined) {
          expect(result.code, `${recipe} should be refused: ${result.stdout}`).toBe(2);
          expect(result.stderr).toContain(refusal);
          expect(existsSync(out)).toBe(false);
          summary.push(`${model.name} ${recipe}: refused — ${result.stderr.split('\n').find((l) => l.includes('error'))?.trim() ?? ''}`);
          return;
        }
        expect(result.code, result.stderr).toBe(0);
        expect(existsSync(out)).toBe(true);
        expect(existsSync(out.replace(/\.onnx$/, '.manifest.json'))).toBe(true);
        variants.set(recipe, out);
      });

      it(`compare with the ${recipe} variant`, async (ctx) => {
        const variant = variants.get(recipe);
        if (variant === undefined) {
          // Refused above (or failed there): nothing to compare.
          ctx.skip();
          return;
        }
        const json = path.join(work, `${recipe}.report.json`);
        const args = ['compare', file, variant, '--images', images.dir, '--max-images', String(images.max), '--no-bench', '--quiet', '--json', json, '--out', path.join(work, `${recipe}-run`)];
        if (specFile) args.push('--preprocess', specFile);
        if (images.labels) args.push('--labels', images.labels);
        if (model.charset) args.push('--charset', await zooPackageFile(model, model.charset));
        const bar = model.bar[recipe];
        if (bar) args.push('--fail-under', bar);
        const result = await parity(args);
        const refusal = model.refuse.compare;
        if (refusal !== undefined) {
          expect(result.code, result.stdout).toBe(2);
          expect(result.stderr).toContain(refusal);
          summary.push(`${model.name} compare ${recipe}: refused — ${result.stderr.split('\n').find((l) => l.includes('error'))?.trim() ?? ''}`);
          return;
        }
        const report = existsSync(json) ? (JSON.parse(readFileSync(json, 'utf8')) as { summary: { clean: Record<string, unknown> } }) : null;
        const clean = report?.summary.clean ?? {};
        const figures = Object.entries(clean).filter(([, v]) => typeof v === 'number').map(([k, v]) => `${k}=${Number((v as number).toPrecision(4))}`);
        summary.push(`${model.name} ${recipe}: ${figures.slice(0, 8).join(' ')} (bar ${bar ?? 'none'})`);
        expect(result.code, `${result.stderr}\n${figures.join(' ')}`).toBe(0);
      });
    }
  });
}

/** The zoo's models whose index in models.json is `half` modulo 2, each as a sequential suite of this file. */
export function describeZooHalf(half: 0 | 1): void {
  beforeAll(() => {
    if (!existsSync(path.join(REPO, 'dist/main/cli/main.js'))) {
      throw new Error('The zoo runs the built `parity` command: run `npm run build` first.');
    }
  });
  afterAll(() => {
    if (summary.length > 0) console.log(`\nzoo summary (half ${half + 1} of 2)\n${summary.map((l) => `  ${l}`).join('\n')}`);
  });
  zooModels().forEach((model, i) => {
    if (i % 2 === half) zooDescribe(model);
  });
}
