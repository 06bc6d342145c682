/**
 * Issue 14's defects of the Convert and Run forms: a bad calibration folder is said at its field with its path;
 * Convert cannot be pressed twice while a conversion runs; the manifest lists the calibration files it skipped and
 * an fp16 variant is timed on a project image, not a mid-grey one; unticking candidates does not tick them again.
 */
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { appSession } from './support/app-session.js';
import { goTo, textOf, until } from './support/app.js';
import { SAMPLE } from './support/fixtures.js';

const app = appSession({ width: 1440, height: 900 });

async function chooseRecipes(page: Page, recipes: readonly string[]): Promise<void> {
  for (const box of await page.locator('fieldset.recipe-list label.check').all()) {
    const name = (await box.locator('.check-label').innerText()).trim();
    const input = box.locator('input');
    if ((await input.isChecked()) !== recipes.includes(name)) await input.click();
  }
}

describe('convert and run forms', { timeout: 300_000 }, () => {
  it('says a missing calibration folder at its field, with the path', async () => {
    const { page } = app.browser;
    await page.getByRole('button', { name: 'Open sample' }).click();
    await until(() => textOf(page.getByTestId('project-images')), (t) => t.includes('200 images'), 30_000, 'the sample');
    await goTo(page, 3, /^Convert/);
    await chooseRecipes(page, ['int8-static']);
    await page.getByRole('textbox', { name: 'Calibration images' }).fill('/nonexistent/calib-images');
    await page.getByRole('button', { name: /^Convert/ }).click();
    const error = page.locator('.field-error');
    await error.waitFor({ timeout: 10_000 });
    expect(await textOf(error)).toMatch(/^\/nonexistent\/calib-images: No such file or folder/);
    expect(await page.locator('.notices .notice').count()).toBe(0);
  });

  it('keeps Convert disabled while the conversion runs, and lists the calibration files it skipped', async () => {
    const { page } = app.browser;
    const calib = path.join(app.host.dir, 'calib');
    mkdirSync(calib, { recursive: true });
    for (const file of readdirSync(path.join(SAMPLE.images, '0')).sort().slice(0, 12)) copyFileSync(path.join(SAMPLE.images, '0', file), path.join(calib, file));
    writeFileSync(path.join(calib, 'scan-0001.bmp'), Buffer.concat([Buffer.from('BM'), Buffer.alloc(200, 7)]));
    await page.getByRole('textbox', { name: 'Calibration images' }).fill(calib);
    const convert = page.getByRole('button', { name: /^Convert/ });
    await convert.click();
    await page.getByTestId('running-job').waitFor({ timeout: 15_000 });
    expect(await convert.isDisabled()).toBe(true);
    expect(await textOf(page.locator('#recipes'))).toContain('A conversion of this model is running');
    const variant = page.getByTestId('variant-int8-static');
    await variant.waitFor({ timeout: 180_000 });
    await until(() => convert.isEnabled(), (v) => v, 10_000, 'Convert enabled again');
    await variant.getByRole('button', { name: 'Manifest' }).click();
    await variant.getByText(/Calibration files skipped \(1\)/).click();
    // BMP is read (@napi-rs/image); this one is 'BM' and noise, so it is skipped for its header.
    expect(await textOf(variant.getByTestId('calibration-skipped'))).toMatch(/^scan-0001\.bmp — .*BMP header/);
    await variant.getByRole('button', { name: 'Manifest' }).click();
  });

  it('times an fp16 variant on the first project image, not a mid-grey one', async () => {
    const { page } = app.browser;
    await page.getByRole('textbox', { name: 'Calibration images' }).fill('');
    await chooseRecipes(page, ['fp16']);
    await page.getByRole('button', { name: /^Convert/ }).click();
    const variant = page.getByTestId('variant-fp16');
    await variant.waitFor({ timeout: 180_000 });
    await variant.getByRole('button', { name: 'Manifest' }).click();
    const manifest = await textOf(variant.getByTestId('manifest'));
    expect(manifest).toMatch(/Timed on the first image of \S+orientation\/images \(0\/line-\d+\.png\)/);
    expect(manifest).not.toContain('mid-grey');
  });

  it('leaves the candidates the user unticked unticked, across a reload', async () => {
    const { page } = app.browser;
    await goTo(page, 4, /^Run parity/);
    const boxes = page.getByRole('group', { name: 'Candidates' }).getByRole('checkbox');
    await until(() => boxes.count(), (n) => n === 2, 10_000, 'two variants');
    for (const box of await boxes.all()) if (await box.isChecked()) await box.uncheck();
    await page.waitForTimeout(1500);
    expect(await Promise.all((await boxes.all()).map((b) => b.isChecked()))).toEqual([false, false]);
    expect(await page.getByRole('button', { name: /^Run parity/ }).isDisabled()).toBe(true);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: /^Run parity/ }).waitFor({ timeout: 30_000 });
    await until(() => boxes.count(), (n) => n === 2, 10_000, 'two variants after the reload');
    await page.waitForTimeout(1000);
    expect(await Promise.all((await boxes.all()).map((b) => b.isChecked()))).toEqual([false, false]);
  });
});
