/**
 * Export for deployment in the app (web host, Debian's Chromium): the sample classifier is bundled with its
 * preprocessing from the Export screen; the bundle, its manifest and the programs exist on the host, and the
 * screen states the resize kernel, the agreement with Parity's preprocessing and how to run each program.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BundleManifestSchema } from '../../shared/contract/jobs/bundle.js';
import { appSession } from './support/app-session.js';
import { goTo, screenshot, textOf, until } from './support/app.js';

const app = appSession();

describe('export for deployment', { timeout: 240_000 }, () => {
  it('opens the sample', async () => {
    const { page } = app.browser;
    await page.getByRole('button', { name: 'Open sample' }).click();
    await until(() => textOf(page.getByTestId('project-images')), (t) => t.includes('200 images'), 30_000, 'the sample images');
  });

  it('bundles the classifier with its preprocessing and shows how to run it', async () => {
    const { page } = app.browser;
    await goTo(page, 6, /^Export/);
    const card = page.locator('#export-deploy');
    await card.waitFor();
    await card.getByRole('button', { name: 'Export for deployment' }).click();
    const summary = card.getByLabel('Deployment bundle');
    await summary.waitFor({ timeout: 180_000 }).catch(async (e: unknown) => {
      throw new Error(`${String(e)}; page says: ${(await textOf(page.locator("body"))).slice(0, 3000)}`);
    });
    const text = await textOf(summary);
    expect(text).toMatch(/uint8 \[1, height, width, 3\]/);
    expect(text).toMatch(/linear-antialias/);
    expect(text).toMatch(/top-1 agreement 100\.0%/);
    const programs = await textOf(card.getByRole('table', { name: 'Programs that run the bundle' }));
    for (const language of ['Python', 'Java', 'C#', 'C++', 'JavaScript']) expect(programs).toContain(language);
    const bundle = /Wrote (\S+\.bundle\.onnx)/.exec(text)?.[1];
    expect(bundle).toBeTruthy();
    expect(existsSync(bundle!)).toBe(true);
    const manifest = BundleManifestSchema.parse(JSON.parse(readFileSync(bundle!.replace(/\.onnx$/, '.manifest.json'), 'utf8')));
    expect(manifest.checks.top1Agreement).toBe(1);
    expect(manifest.postprocess.classNames).toBe(2);
    expect(existsSync(bundle!.replace(/\.onnx$/, '.code/python/run.py'))).toBe(true);
    await screenshot(page, 'export-deploy');
  });
});
