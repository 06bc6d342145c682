/**
 * The Drift screen through the web host in Chromium: the sample project's images as the reference, a field folder of
 * the same lines under fog, the sample model: the check runs as a job, and the screen shows what drift.json holds —
 * the gate verdict, the statistics sorted by how far they moved, the model's view, and fog as the closest perturbation.
 */
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../main/engine/images/index.js';
import { perturbImage } from '../../main/engine/perturb/index.js';
import { appSession } from './support/app-session.js';
import { screenshot, textOf, until } from './support/app.js';
import { SAMPLE } from './support/fixtures.js';

const app = appSession();

async function foggedFolder(dir: string, count: number): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const source = path.join(SAMPLE.images, '0');
  for (const name of readdirSync(source).sort().slice(0, count)) {
    const image = await perturbImage(await decodeImage(path.join(source, name)), { name: 'fog', severity: 3, seed: 0 });
    await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } }).png().toFile(path.join(dir, name));
  }
  return dir;
}

describe('the Drift screen', { timeout: 300_000 }, () => {
  it('checks a foggy field folder against the project images and shows the statistics, the model view and fog', async () => {
    const { page } = app.browser;
    const field = await foggedFolder(path.join(app.host.dataDir, '..', 'field-fog'), 40);
    await page.getByRole('button', { name: 'Open sample' }).click();
    await until(() => textOf(page.getByTestId('project-model')), (t) => t.includes('valid ONNX'), 30_000, 'the sample model');
    await page.getByRole('link', { name: /Drift/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Drift' }).waitFor();

    expect(await page.getByLabel('Reference images', { exact: true }).inputValue()).toBe(SAMPLE.images);
    await page.getByLabel('Field images', { exact: true }).fill(field);
    await page.getByLabel('Gate (fail over)').fill('psi=0.2,mmd-p=0.01');
    await page.getByLabel('Images to perturb').fill('8');
    await page.getByRole('button', { name: 'Check drift' }).click();

    const result = page.getByTestId('drift-result');
    await result.waitFor({ timeout: 240_000 });
    const main = await textOf(page.locator('main'));
    expect(main).toMatch(/The same in every image of both folders: resolution/);
    expect(main).toMatch(/Drifted: psi [\d.]+ \((sharpness|contrast|noise level|noise)\) is over 0\.2/);
    const rows = await page.getByTestId('drift-statistics').locator('tbody tr').allInnerTexts();
    expect(rows).toHaveLength(10);
    expect(rows[0]).toMatch(/shifted/);
    expect(rows.at(-1)).toMatch(/stable/);
    expect(await textOf(page.getByTestId('drift-resembles').locator('tbody tr').first())).toMatch(/^Fog \d/);
    expect(await textOf(page.locator('#drift-model'))).toMatch(/MMD p-value 0\.0\d+/i);

    // The least-like field images show their thumbnails, served from the drift run folder by the host.
    const thumbs = page.getByTestId('least-like').locator('img');
    expect(await thumbs.count()).toBeGreaterThan(0);
    await until(
      () => thumbs.evaluateAll((imgs) => (imgs as HTMLImageElement[]).map((img) => img.complete && img.naturalWidth > 0)),
      (loaded) => loaded.every(Boolean),
      30_000,
      'the least-like thumbnails',
    );
    expect(await thumbs.first().getAttribute('src')).toMatch(/^\/api\/runs\/[^/]+-drift-field-fog\/assets\/thumbs\/[0-9a-f]{16}\.jpg$/);
    // The link opens drift.html, the page the CLI writes, from the same folder.
    const link = page.getByTestId('drift-html-link');
    expect(await link.getAttribute('target')).toBe('_blank');
    const served = await link.evaluate(async (a) => {
      const res = await fetch((a as HTMLAnchorElement).href);
      return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
    });
    expect(served.status).toBe(200);
    expect(served.type).toMatch(/^text\/html/);
    expect(served.text).toContain('Parity drift report');
    expect(served.text).toContain('What the field resembles');
    await screenshot(page, 'drift-fog');
  });
});
