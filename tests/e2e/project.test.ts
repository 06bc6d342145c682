/**
 * A user brings in a model and images: uploads (file inputs and a drop), a path on the server, the model's figures
 * and the live preprocessing preview; and drops files that are not models, reading a clear error.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appSession } from './support/app-session.js';
import { goTo, screenshot, textOf, until } from './support/app.js';
import { SAMPLE, badModels, demoImageFolder } from './support/fixtures.js';

const app = appSession();

describe('bringing in a model and images', { timeout: 120_000 }, () => {
  it('shows the start screen with its empty states, and the token is gone from the address bar', async () => {
    const { page } = app.browser;
    expect(page.url()).not.toContain('token=');
    await expect(textOf(page.getByTestId('dropzone'))).resolves.toContain('Drop a model and images here');
    await expect(textOf(page.locator('#project'))).resolves.toContain('No model yet');
    await screenshot(page, 'start-empty');
  });

  it('can be used from the keyboard: a skip link first, a visible focus ring, screens on Alt+1…6', async () => {
    const { page } = app.browser;
    await page.locator('body').focus();
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    expect(await skip.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await skip.evaluate((el) => el.getBoundingClientRect().left >= 0)).toBe(true);
    // Tab on to the first step of the sidebar: its focus ring is drawn.
    await page.keyboard.press('Tab');
    const ring = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const style = getComputedStyle(el);
      return { text: el.textContent ?? '', outline: style.outlineStyle, width: parseFloat(style.outlineWidth) };
    });
    expect(ring.text).toContain('Start');
    expect(ring.outline).toBe('solid');
    expect(ring.width).toBeGreaterThanOrEqual(2);
    await goTo(page, 5, /^Results/);
    await expect(textOf(page.locator('#runs'))).resolves.toContain('No runs yet');
    await screenshot(page, 'results-empty');
    await goTo(page, 6, /^Export/);
    await expect(textOf(page.locator('main'))).resolves.toContain('No run to export');
    await goTo(page, 1, /^Start/);
  });

  it('explains a JPEG renamed .onnx and random bytes dropped as a model', async () => {
    const { page } = app.browser;
    const bad = await badModels(path.join(app.host.dir, 'bad'));
    await page.getByTestId('model-input').setInputFiles(bad.jpegAsOnnx);
    await page.getByTestId('project-model').getByRole('alert').waitFor({ timeout: 30_000 });
    const jpegText = await textOf(page.getByTestId('project-model'));
    expect(jpegText).toContain('holiday-photo.onnx');
    expect(jpegText).toMatch(/not an ONNX model|JPEG|image/i);
    expect(jpegText).toMatch(/BAD_MODEL/);
    await screenshot(page, 'start-bad-model');

    // A real drop of random bytes named .onnx (DataTransfer built in the page from the file's bytes).
    const bytes = [...readFileSync(bad.randomOnnx)];
    await page.getByTestId('dropzone').evaluate((zone, data) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], 'weights.onnx', { type: 'application/octet-stream' }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, bytes);
    const randomText = await until(() => textOf(page.getByTestId('project-model')), (t) => t.includes('weights.onnx') && /BAD_MODEL/.test(t), 30_000, 'the error about weights.onnx');
    expect(randomText).not.toContain('holiday-photo');
    // The message has a hint: what to do next.
    const hint = await textOf(page.getByTestId('project-model').locator('.banner-hint'));
    expect(hint.length).toBeGreaterThan(10);
  });

  it('uploads the classifier, an image folder, labels and a preprocessing file', async () => {
    const { page } = app.browser;
    await page.getByTestId('model-input').setInputFiles(SAMPLE.model);
    await until(() => textOf(page.getByTestId('project-model')), (t) => t.includes('valid ONNX'), 30_000, 'the model check');
    const model = await textOf(page.getByTestId('project-model'));
    expect(model).toContain('ch_ppocr_mobile_v2.0_cls_infer.onnx');
    expect(model).toContain('x float32 [?, 3, ?, ?]');

    const folder = demoImageFolder(app.host.dir, 'demo-lines', 5);
    await page.getByTestId('folder-input').setInputFiles(folder);
    const images = await until(() => textOf(page.getByTestId('project-images')), (t) => t.includes('10 images'), 30_000, 'the uploaded images');
    expect(images).not.toContain(folder); // uploaded: the host's copy, not the local path

    await page.getByTestId('model-input').setInputFiles([SAMPLE.labels, SAMPLE.preprocess]);
    await until(() => textOf(page.getByTestId('project-labels')), (t) => t.includes('labels.txt'), 30_000, 'the labels');
    await until(() => textOf(page.locator('#project')), (t) => /9 fields set/.test(t), 10_000, 'the preprocessing fields');
  });

  it('takes an image folder by its path on the server', async () => {
    const { page } = app.browser;
    await page.getByRole('combobox', { name: 'What the path is' }).selectOption('images');
    await page.getByLabel('Path on the server').fill(SAMPLE.images);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    const images = await until(() => textOf(page.getByTestId('project-images')), (t) => t.includes('200 images'), 30_000, 'the server folder');
    expect(images).toContain('orientation');
    await screenshot(page, 'start-project');
  });

  it('shows the model figures and previews an image as the model sees it, live', async () => {
    const { page } = app.browser;
    await goTo(page, 2, /^Model/);
    const figures = await until(() => textOf(page.locator('#figures')), (t) => t.includes('GFLOP') || t.includes('MFLOP'), 30_000, 'the FLOPs at the preprocessing size');
    expect(figures).toContain('133,665'); // parameters of the PaddleOCR classifier
    expect(figures).toMatch(/at 1×3×48×192/);
    const preview = page.getByTestId('preview-image');
    await preview.waitFor({ timeout: 30_000 });
    const size = await preview.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight]);
    expect(size).toEqual([192, 48]);
    const stats = await textOf(page.getByRole('table', { name: 'Tensor statistics per channel' }));
    expect(stats).toMatch(/0 \(B\).*1 \(G\).*2 \(R\)/);

    // Change the resize mode: the preview follows (debounced) with the new geometry.
    await page.getByLabel('Resize').selectOption('letterbox');
    await until(() => textOf(page.locator('.preview-figure figcaption')), (t) => t.includes('letterbox'), 20_000, 'the letterbox preview');
    // Keyboard: the next image by its button.
    await page.getByRole('button', { name: 'Next image' }).focus();
    await page.keyboard.press('Enter');
    await until(() => textOf(page.locator('.preview-bar')), (t) => t.includes('image 2 of 200'), 20_000, 'the second image');
    await screenshot(page, 'model');
    expect(app.browser.problems.filter((p) => !/status of 4\d\d/.test(p))).toEqual([]);
  });

  it('edits training-time geometry (letterbox anchor and pad, crop fraction) and the preview follows; GRAY on an RGB model is explained', async () => {
    const { page } = app.browser;
    await goTo(page, 2, /^Model/);
    const caption = page.locator('.preview-figure figcaption');
    await page.getByLabel('Resize').selectOption('letterbox');
    await page.getByLabel('Anchor').selectOption('top-left');
    await page.getByLabel('Pad', { exact: true }).fill('0');
    await until(() => textOf(caption), (t) => t.includes('letterbox top-left, pad 0'), 20_000, 'the top-left letterbox preview');
    await screenshot(page, 'model-letterbox-top-left');
    await page.getByLabel('Resize').selectOption('crop');
    await expect(page.getByLabel('Anchor').count()).resolves.toBe(0);
    await page.getByLabel('Crop fraction').fill('0.875');
    await until(() => textOf(caption), (t) => t.includes('crop 0.875'), 20_000, 'the crop 0.875 preview');
    await page.getByLabel('Colour order').selectOption('GRAY');
    await until(() => textOf(page.locator('.preview')), (t) => /colorOrder GRAY/.test(t) && /3 channels/.test(t), 20_000, 'the GRAY refusal');
    await page.getByLabel('Colour order').selectOption('');
    const proposal = page.getByTestId('apply-proposal');
    expect(await proposal.getAttribute('title')).toMatch(/Guesses \(check them\)/);
    await page.getByRole('button', { name: 'Reset to model defaults' }).click();
    expect(app.browser.problems.filter((p) => !/status of 4\d\d/.test(p))).toEqual([]);
  });
});
