/**
 * The search and the layerwise table in the app, in Chromium through the web host: a wrong target is refused in
 * the form; a search for a target converts the classifier and shows its candidates with the speed × agreement chart;
 * a comparison of that variant shows the layerwise error, and "Keep in float" converts again without that node.
 */
import { describe, expect, it } from 'vitest';
import { ConversionManifestSchema } from '../../shared/report/conversion-manifest.js';
import { appSession } from './support/app-session.js';
import { goTo, screenshot, textOf, until } from './support/app.js';
import { readFileSync } from 'node:fs';

const app = appSession();
const TARGET = 'top1Agreement>=0.95';

describe('search and layerwise error in the app', { timeout: 900_000 }, () => {
  it('opens the sample', async () => {
    const { page } = app.browser;
    await page.getByRole('button', { name: 'Open sample' }).click();
    await until(() => textOf(page.getByTestId('project-model')), (t) => t.includes('valid ONNX'), 30_000, 'the sample model');
    await until(() => textOf(page.getByTestId('project-images')), (t) => t.includes('200 images'), 10_000, 'the sample images');
  });

  it('refuses a target it cannot read, then searches for one and shows every candidate', async () => {
    const { page } = app.browser;
    await goTo(page, 3, /^Convert/);
    for (const recipe of ['optimized', 'fp16', 'fp16-weights', 'int8-dynamic', 'int8-static']) {
      const box = page.locator('label.check').filter({ has: page.locator('.check-label', { hasText: new RegExp(`^${recipe}$`) }) }).locator('input');
      if ((await box.isChecked()) !== (recipe === 'int8-static')) await box.click();
    }
    await page.getByLabel('At most').fill('60');
    await page.getByRole('checkbox', { name: /Search for the fastest int8 variant/ }).check();
    const target = page.getByLabel('Target', { exact: true });
    await target.fill('top1Agreement>>0.9');
    await until(() => textOf(page.locator('.search-fields')), (t) => t.includes('is not of the form metric=value'), 5_000, 'the target error');
    expect(await page.getByRole('button', { name: /^Convert/ }).isDisabled()).toBe(true);
    await target.fill(TARGET);
    await page.getByLabel('Budget', { exact: true }).fill('90');
    await page.getByRole('button', { name: /^Convert/ }).click();
    const job = page.getByTestId('running-job');
    await job.waitFor({ timeout: 15_000 });
    expect(await textOf(job)).toContain(`search for ${TARGET}`);
    await until(() => textOf(job).catch(() => ''), (t) => /searching/.test(t), 120_000, 'the searching stage');
    const variant = page.getByTestId('variant-int8-static');
    await variant.waitFor({ timeout: 600_000 });
    expect(await textOf(variant)).toContain('searched: target met');
    await variant.getByRole('button', { name: 'Manifest' }).click();
    const results = variant.getByTestId('search-results');
    await results.waitFor();
    expect(await textOf(results)).toContain(`Search for ${TARGET}`);
    const rows = results.getByRole('table', { name: 'Search candidates' }).locator('tbody tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(1);
    expect(await textOf(rows.first())).toMatch(/c1 · chosen|c1/);
    await results.locator('.lazy-chart').scrollIntoViewIfNeeded();
    await results.locator('svg').first().waitFor({ timeout: 30_000 });
    expect(await results.locator('svg').first().getAttribute('aria-label')).toMatch(/Search candidates/);
    await screenshot(page, 'convert-search');
  });

  it('compares the variant, shows its layerwise error, and keeps a node in float with one click', async () => {
    const { page } = app.browser;
    await goTo(page, 4, /^Run parity/);
    await page.getByLabel('Images at most').fill('20');
    await page.getByRole('button', { name: 'Run parity' }).click();
    const open = page.locator('.finished-run').getByRole('button', { name: 'Open results' });
    await until(() => open.isEnabled().catch(() => false), (v) => v, 300_000, 'the finished run');
    await open.click();
    const card = page.locator('#layers');
    await card.waitFor({ timeout: 30_000 });
    expect(await textOf(page.getByTestId('layers-headline'))).toMatch(/First below 20 dB|No tensor falls below 20 dB/);
    const table = card.getByRole('table', { name: 'Layerwise error per tensor' });
    expect(await table.locator('tbody tr').count()).toBeGreaterThan(100);
    const keep = table.getByRole('button', { name: /^Keep .* in float and convert again$/ }).first();
    const label = (await keep.getAttribute('aria-label'))!;
    const node = /^Keep (.*) in float and convert again$/.exec(label)![1]!;
    await card.locator('.lazy-chart').scrollIntoViewIfNeeded();
    await card.locator('svg').first().waitFor({ timeout: 30_000 });
    await screenshot(page, 'results-layers');
    await keep.click();
    await until(() => keep.textContent(), (t) => t === 'Converting…', 10_000, 'the button to say it is converting');
    await card.getByRole('button', { name: /See the new variant/ }).click();
    await page.getByRole('heading', { level: 1, name: /^Convert/ }).waitFor();
    const variants = page.getByTestId('variant-int8-static');
    await until(() => variants.count(), (n) => n === 2, 300_000, 'the reconverted variant');
    const newest = variants.first();
    expect(await textOf(newest)).toContain(`without-${node.replace(/[^A-Za-z0-9._-]+/g, '_')}`);
    const output = (await newest.locator('.path').first().getAttribute('title'))!;
    expect(output).toMatch(/\.onnx$/);
    const manifest = ConversionManifestSchema.parse(JSON.parse(readFileSync(output.replace(/\.onnx$/, '.manifest.json'), 'utf8')));
    expect(manifest.nodes.excluded.find((e) => e.name === node)?.reason).toBe('excluded by --exclude-nodes');
    expect(manifest.options).toMatchObject({ calibSize: 60 });
    expect(app.browser.problems.filter((p) => !/status of 4\d\d/.test(p))).toEqual([]);
  });
});
