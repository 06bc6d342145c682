/**
 * A detector in the app: the Model screen takes its post-processing spec (a bad one is refused in words), the Run
 * screen then gates on mAP@0.5, and a detection run opened in Results draws both models' boxes over the image in
 * the viewer, the candidate's missed box dashed. The run comes from the CLI on a YOLO-style detector built in code.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { appSession } from './support/app-session.js';
import { goTo, screenshot, textOf, until } from './support/app.js';
import { runCli } from '../helpers/cli.js';
import { TINY_POSTPROCESS, TINY_PREPROCESS, writeSquaresImage, writeTinyDetector } from '../helpers/tiny-detector.js';

const app = appSession();
let reference: string;
let images: string;
let runDir: string;

beforeAll(async () => {
  const dir = path.join(app.host.dir, 'detector');
  images = path.join(dir, 'images');
  mkdirSync(images, { recursive: true });
  reference = path.join(dir, 'ref.onnx');
  const candidate = path.join(dir, 'cand.onnx');
  writeTinyDetector(reference, 0.2);
  writeTinyDetector(candidate, 0.35);
  await writeSquaresImage(path.join(images, 'bright-and-dim.png'), [
    { col: 0, row: 0, rgb: [255, 40, 40] },
    { col: 2, row: 2, rgb: [30, 30, 160] },
  ]);
  await writeSquaresImage(path.join(images, 'bright.png'), [{ col: 1, row: 1, rgb: [40, 40, 255] }]);
  writeFileSync(path.join(dir, 'post.json'), JSON.stringify(TINY_POSTPROCESS));
  writeFileSync(path.join(dir, 'pre.json'), JSON.stringify(TINY_PREPROCESS));
  runDir = path.join(dir, 'run');
  const run = await runCli(
    ['compare', reference, candidate, '--images', images, '--preprocess', path.join(dir, 'pre.json'), '--postprocess', path.join(dir, 'post.json'), '--out', runDir, '--quiet', '--no-bench'],
    { env: { PARITY_DATA_DIR: path.join(dir, 'data'), PARITY_CACHE_DIR: path.join(dir, 'cache') }, timeoutMs: 120_000 },
  );
  expect(run.code, run.stderr).toBe(0);
}, 180_000);

describe('a detector in the app', { timeout: 120_000 }, () => {
  it('takes a post-processing spec on the Model screen, refuses a bad one, and the Run screen gates on mAP@0.5', async () => {
    const { page } = app.browser;
    await page.getByRole('combobox', { name: 'What the path is' }).selectOption('model');
    await page.getByLabel('Path on the server').fill(reference);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await until(() => textOf(page.getByTestId('project-model')), (t) => t.includes('valid ONNX'), 30_000, 'the detector');
    await page.getByRole('combobox', { name: 'What the path is' }).selectOption('images');
    await page.getByLabel('Path on the server').fill(images);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await until(() => textOf(page.getByTestId('project-images')), (t) => t.includes('2 images'), 30_000, 'the images');
    await goTo(page, 2, /^Model/);
    const card = page.locator('#postprocessing');
    await card.waitFor({ timeout: 30_000 });
    expect(await textOf(card)).toContain('No spec: runs compare the outputs as tensors');
    const field = page.getByLabel('Post-processing spec (JSON, as in post.json)');
    await field.fill('{"kind": "yolo", "scoreThreshold": 2}');
    await card.getByRole('button', { name: 'Apply' }).click();
    expect(await textOf(card.getByRole('alert'))).toMatch(/scoreThreshold: .*1/);
    await field.fill(JSON.stringify(TINY_POSTPROCESS));
    await card.getByRole('button', { name: 'Apply' }).click();
    await until(() => textOf(card), (t) => t.includes('Runs compare this model\'s outputs as detections'), 10_000, 'the applied spec');
    await screenshot(page, 'model-postprocess');
    await goTo(page, 4, /^Run parity/);
    await page.getByText('Gate: mAP@0.5 ≥').waitFor();
  });

  it('draws both models\' boxes in the Results viewer, the missed one dashed', async () => {
    const { page } = app.browser;
    await page.evaluate(() => {
      window.location.hash = '#/results';
    });
    await page.getByRole('heading', { level: 1, name: /^Results$/ }).waitFor();
    await page.getByLabel('Run folder path').fill(runDir);
    await page.getByRole('button', { name: 'Open folder' }).click();
    await page.getByTestId('results').waitFor({ timeout: 30_000 });
    const table = page.getByRole('grid', { name: 'Per-image results' });
    await page.getByLabel('Filter by path, label or class').fill('bright-and-dim');
    await table.getByRole('row').nth(1).click();
    await table.getByRole('row').nth(1).press('Enter');
    const overlay = page.getByTestId('detection-overlay');
    await overlay.waitFor({ timeout: 30_000 });
    expect(await overlay.locator('g.box.reference').count()).toBe(2);
    expect(await overlay.locator('g.box.candidate').count()).toBe(1);
    expect(await overlay.locator('g.box.reference.unmatched').count()).toBe(1);
    expect(await overlay.locator('g.box.reference.unmatched title').textContent()).toMatch(/^reference: blue 0\.\d+ — no candidate box matches it$/);
    const viewer = await textOf(page.getByTestId('image-viewer'));
    expect(viewer).toContain('reference 2 · candidate 1 boxes');
    expect(viewer).toMatch(/Matched boxes\s*1 of 2/i);
    await screenshot(page, 'results-detection-viewer');
  });
});
