/**
 * What the user gave must fit what the model is, or the run is refused before any figure: a labels file whose count
 * differs from the model's classes (issue 14: 999 names for 1,000 classes gave 39.5% instead of 78.5%), class
 * folders the labels do not name or name twice, labels for a model without class scores, an accuracy gate without
 * labels, and a preprocessing size that contradicts the model's fixed input.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParityReportSchema } from '../../shared/report/report.js';
import { removeScratchDirs, runCli, SAMPLE, scratchDir } from '../helpers/cli.js';
import { IMAGENET_CLASSES, IMAGENET_LABELS, LONG_CLASSES, imagenetPreprocess, writeClassFolders, writeImagenetClassifier, writeLabelsMissingLine } from '../helpers/imagenet-like.js';

let work: string;
let model: string;
let symbolic: string;
let images: string;
let preprocess: string;
const env = (): Record<string, string> => ({ PARITY_DATA_DIR: path.join(work, 'data'), PARITY_CACHE_DIR: path.join(work, 'cache') });

function compare(reference: string, extra: string[], out: string): Promise<Awaited<ReturnType<typeof runCli>>> {
  return runCli(['compare', reference, reference, '--images', images, '--preprocess', preprocess, '--no-bench', '--quiet', '--out', path.join(work, out), ...extra], { env: env() });
}

function expectRefusal(run: Awaited<ReturnType<typeof runCli>>, pattern: RegExp, out: string): void {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr).toMatch(/^parity: error: /m);
  expect(run.stderr).toMatch(pattern);
  expect(run.stderr).toMatch(/\nhint: /);
  expect(existsSync(path.join(work, out, 'report.json'))).toBe(false);
}

beforeAll(async () => {
  work = scratchDir('parity-cli-labels-');
  model = await writeImagenetClassifier(path.join(work, 'mobilenet-like.onnx'));
  symbolic = await writeImagenetClassifier(path.join(work, 'symbolic-classes.onnx'), { classDim: 'num_classes' });
  images = await writeClassFolders(path.join(work, 'val'), LONG_CLASSES.slice(0, 4), 2);
  preprocess = path.join(work, 'preprocess.json');
  writeFileSync(preprocess, JSON.stringify(imagenetPreprocess()));
});
afterAll(removeScratchDirs);

describe('labels must fit the model', { timeout: 120_000 }, () => {
  it('accepts the 1,000 ImageNet names for a 1,000-class model and names the classes', async () => {
    const json = path.join(work, 'ok.json');
    const run = await compare(model, ['--labels', IMAGENET_LABELS, '--json', json], 'ok');
    expect(run.code, run.stderr).toBe(0);
    const report = ParityReportSchema.parse(JSON.parse(readFileSync(json, 'utf8')));
    expect(report.images.count).toBe(8);
    expect(report.summary.clean.accuracy).not.toBeNull();
    expect(IMAGENET_CLASSES).toContain(report.perImage[0]!.reference.topK[0]!.label);
  });

  it('refuses a labels file one line short, naming both counts', async () => {
    const short = writeLabelsMissingLine(path.join(work, 'short.txt'));
    const run = await compare(model, ['--labels', short], 'short');
    expectRefusal(run, /short\.txt names 999 classes but the model's output "probabilities" has 1,000 classes/, 'short');
  });

  it('refuses a labels file one line long (a background class the model lacks)', async () => {
    const long = path.join(work, 'with-background.txt');
    writeFileSync(long, ['background', ...IMAGENET_CLASSES].join('\n'));
    const run = await compare(model, ['--labels', long], 'long');
    expectRefusal(run, /names 1,001 classes but the model's output "probabilities" has 1,000 classes/, 'long');
    expect(run.stderr).toMatch(/background class/);
  });

  it('warns when the model has no fixed class count, then refuses the mismatch on the first image', async () => {
    const fine = await compare(symbolic, ['--labels', IMAGENET_LABELS], 'symbolic-ok');
    expect(fine.code, fine.stderr).toBe(0);
    expect(fine.stderr).toMatch(/parity: warning: The model's output "probabilities" has no fixed class count/);
    const short = writeLabelsMissingLine(path.join(work, 'short-2.txt'));
    const run = await compare(symbolic, ['--labels', short], 'symbolic-short');
    expect(run.stderr).toMatch(/warning: .*no fixed class count/);
    expectRefusal(run, /names 999 classes but the model's output "probabilities" has 1,000 classes/, 'symbolic-short');
  });

  it('reads a JSON array of names as a labels file', async () => {
    const json = path.join(work, 'classes.json');
    writeFileSync(json, JSON.stringify(IMAGENET_CLASSES.slice(0, 999)));
    expectRefusal(await compare(model, ['--labels', json], 'json'), /classes\.json names 999 classes/, 'json');
  });

  it('refuses class folders the labels do not name, with the near name as a hint', async () => {
    const typo = await writeClassFolders(path.join(work, 'val-typo'), ['American_Staffordshire_terrier', 'tench'], 1);
    const run = await runCli(['compare', model, model, '--images', typo, '--labels', IMAGENET_LABELS, '--preprocess', preprocess, '--no-bench', '--quiet', '--out', path.join(work, 'typo')], { env: env() });
    expectRefusal(run, /1 class folder is not named in the labels file .*"American_Staffordshire_terrier"/, 'typo');
    expect(run.stderr).toContain('may be "American Staffordshire terrier"');
  });

  it('refuses a class folder whose name the labels give to two classes ("crane")', async () => {
    const cranes = await writeClassFolders(path.join(work, 'val-crane'), ['crane', 'tench'], 1);
    const run = await runCli(['compare', model, model, '--images', cranes, '--labels', IMAGENET_LABELS, '--preprocess', preprocess, '--no-bench', '--quiet', '--out', path.join(work, 'crane')], { env: env() });
    expectRefusal(run, /"crane" \(lines 135 and 518\) to more than one class index/, 'crane');
  });

  it('refuses labels for a model that has no class scores (a text detector)', async () => {
    const docs = path.join(work, 'documents', '0');
    mkdirSync(docs, { recursive: true });
    for (const file of readdirSync(SAMPLE.documents).sort().slice(0, 2)) copyFileSync(path.join(SAMPLE.documents, file), path.join(docs, file));
    const run = await runCli(
      ['compare', SAMPLE.detector, SAMPLE.detector, '--images', path.dirname(docs), '--labels', SAMPLE.labels, '--preprocess', SAMPLE.documentsPreprocess, '--no-bench', '--quiet', '--max-images', '2', '--out', path.join(work, 'det')],
      { env: env(), timeoutMs: 240_000 },
    );
    expectRefusal(run, /no output of this model (is|gave) a row of class scores/, 'det');
  });

  it('refuses an accuracy gate without labels before running', async () => {
    const run = await compare(model, ['--fail-under', 'accuracy=0.9'], 'gate');
    expectRefusal(run, /accuracy needs a labels file/, 'gate');
  });

  it('refuses a layout whose channel axis contradicts the fixed input (NHWC on a [1, 3, 64, 64] model)', async () => {
    const wrong = path.join(work, 'wrong-layout.json');
    writeFileSync(wrong, JSON.stringify({ ...imagenetPreprocess(), layout: 'NHWC' }));
    const run = await runCli(['compare', model, model, '--images', images, '--preprocess', wrong, '--no-bench', '--quiet', '--out', path.join(work, 'layout')], { env: env() });
    expectRefusal(run, /With layout NHWC, the model's input input \[1, 3, 64, 64\] has 64 channels/, 'layout');
  });

  it('refuses a preprocessing size that contradicts the fixed input', async () => {
    const wrong = path.join(work, 'wrong-size.json');
    writeFileSync(wrong, JSON.stringify({ ...imagenetPreprocess(), width: 224, height: 224 }));
    const run = await runCli(['compare', model, model, '--images', images, '--preprocess', wrong, '--no-bench', '--quiet', '--out', path.join(work, 'size')], { env: env() });
    expectRefusal(run, /gives height 224 but the model's input input is fixed at height 64/, 'size');
  });
});
