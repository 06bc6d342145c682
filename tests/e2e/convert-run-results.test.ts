/**
 * The main path through the app: open the sample, convert the classifier to int8-static,
 * run parity with fog and occlusion, read the results and the flip gallery, export HTML and JSON.
 */
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RECIPES } from '../../shared/contract/jobs/convert.js';
import { ParityReportSchema } from '../../shared/report/report.js';
import { appSession } from './support/app-session.js';
import { launchBrowser } from './support/browser.js';
import { goTo, openApp, screenshot, textOf, until } from './support/app.js';

const RECIPE = 'int8-static';
const IMAGES = 40;

const app = appSession();
let runId = '';

describe('convert, run and read the results', { timeout: 300_000 }, () => {
  it('opens the sample', async () => {
    const { page } = app.browser;
    await page.getByRole('button', { name: 'Open sample' }).click();
    await until(() => textOf(page.getByTestId('project-model')), (t) => t.includes('valid ONNX'), 30_000, 'the sample model');
    await until(() => textOf(page.getByTestId('project-images')), (t) => t.includes('200 images'), 10_000, 'the sample images');
    expect(await textOf(page.getByTestId('project-labels'))).toContain('labels.txt');
  });

  it(`converts the classifier with ${RECIPE}, with progress, and lists the variant with its manifest`, async () => {
    const { page } = app.browser;
    await goTo(page, 3, /^Convert/);
    for (const recipe of RECIPES) {
      const box = page.locator('label.check').filter({ has: page.locator('.check-label', { hasText: new RegExp(`^${recipe}$`) }) }).locator('input');
      if ((await box.isChecked()) !== (recipe === RECIPE)) await box.click();
    }
    await page.getByLabel('At most').fill('60');
    await page.getByRole('button', { name: /^Convert/ }).click();
    const job = page.getByTestId('running-job');
    await job.waitFor({ timeout: 15_000 });
    expect(await textOf(job)).toContain(`→ ${RECIPE}`);
    const variant = page.getByTestId(`variant-${RECIPE}`);
    await variant.waitFor({ timeout: 180_000 });
    const row = await textOf(variant);
    expect(row).toMatch(/KiB/);
    const ratio = Number(/([\d.]+)× size/.exec(row)?.[1]);
    expect(ratio).toBeLessThan(0.5);
    await variant.getByRole('button', { name: 'Manifest' }).click();
    const manifest = await textOf(variant.getByTestId('manifest'));
    expect(manifest).toContain('sha256');
    expect(manifest).toMatch(/calibration minmax, 60 images/i);
    await screenshot(page, 'convert');
  });

  it('runs parity with fog and occlusion, showing stage, count and ETA', async () => {
    const { page } = app.browser;
    await goTo(page, 4, /^Run parity/);
    const candidate = page.getByRole('group', { name: 'Candidates' }).getByRole('checkbox');
    expect(await candidate.count()).toBe(1);
    expect(await candidate.isChecked()).toBe(true);
    await page.getByLabel('Images at most').fill(String(IMAGES));
    await page.getByRole('checkbox', { name: 'Fog', exact: true }).check();
    await page.getByRole('checkbox', { name: 'Occlusion: patches', exact: true }).check();
    await page.getByRole('checkbox', { name: 'Occlusion: branches', exact: true }).check();
    // Severities 1, 3 and 5 only.
    for (const s of ['2', '4']) await page.getByRole('group', { name: 'Severities' }).getByRole('button', { name: s, exact: true }).click();
    // The strip shows one image under fog at each chosen severity, as the models will see it.
    const strip = page.getByRole('list', { name: 'The image at each severity' });
    // Wait for the strip of the last choice (1, 3, 5) to finish: a slower machine may still be filling the strip of
    // an earlier choice, whose count passes through 3 on its way to 4.
    const alts = ['fog at severity 1', 'fog at severity 3', 'fog at severity 5'];
    await until(
      async () => ({ busy: await page.locator('.strip').first().getAttribute('aria-busy'), alts: await strip.getByRole('img').evaluateAll((imgs) => imgs.map((i) => i.getAttribute('alt'))) }),
      (v) => v.busy === 'false' && JSON.stringify(v.alts) === JSON.stringify(alts),
      30_000,
      'the fog strip at severities 1, 3 and 5',
    );
    expect(await strip.getByRole('img').first().getAttribute('alt')).toBe('fog at severity 1');
    const sizes = await strip.getByRole('img').evaluateAll((imgs) => imgs.map((i) => [(i as HTMLImageElement).naturalWidth, (i as HTMLImageElement).naturalHeight]));
    expect(sizes).toEqual([
      [192, 48],
      [192, 48],
      [192, 48],
    ]);
    await page.getByRole('button', { name: 'Run parity' }).click();
    const job = page.getByTestId('running-job');
    await job.waitFor({ timeout: 15_000 });
    const progress = await until(() => textOf(job), (t) => /comparing · [\d,]+ \/ [\d,]+/.test(t), 60_000, 'progress with a count');
    const total = Number(/comparing · [\d,]+ \/ ([\d,]+)/.exec(progress)?.[1]?.replace(/,/g, ''));
    expect(total).toBe(IMAGES * (1 + 3 * 3));
    await screenshot(page, 'run-progress');
    const open = page.locator('.finished-run').getByRole('button', { name: 'Open results' });
    await until(() => open.isEnabled().catch(() => false), (v) => v, 240_000, 'the finished run');
    await open.click();
    await page.getByTestId('results').waitFor();
    runId = decodeURIComponent(/#\/results\/(.+)$/.exec(page.url())?.[1] ?? '');
    expect(runId).not.toBe('');
  });

  it('reads the summary, robustness, flip gallery, image viewer and per-image table', async () => {
    const { page } = app.browser;
    const agreement = await textOf(page.getByTestId('card-agreement'));
    expect(agreement).toMatch(/TOP-1 AGREEMENT \d+\.\d\d%/i);
    expect(agreement).toContain(`of ${IMAGES} images differ`);
    expect(await textOf(page.getByTestId('card-accuracy'))).toMatch(/reference \d+\.\d\d%/);
    expect(await textOf(page.getByTestId('card-size'))).toMatch(/565 KiB →/);
    expect(await textOf(page.getByTestId('card-speed'))).toMatch(/faster|slower|no measurable|not measured/);
    expect(await textOf(page.getByTestId('card-robustness'))).toMatch(/at severity [135]/);
    await page.locator('#heatmap svg').waitFor({ timeout: 30_000 });
    expect(await page.locator('#heatmap svg').getAttribute('aria-label')).toMatch(/Heatmap/);
    expect(await textOf(page.locator('#heatmap'))).toContain('Fog');

    // The gallery: keyboard into it, pick a card with Enter; the viewer shows that image and both top-k.
    const gallery = page.getByRole('listbox', { name: 'Flip gallery' });
    if (!(await gallery.isVisible())) await page.getByRole('radio', { name: 'Most disagreeing' }).check({ force: true });
    await gallery.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    const option = gallery.getByRole('option', { selected: true });
    await option.waitFor();
    const picked = await textOf(option.locator('.flip-path'));
    const viewer = page.getByTestId('image-viewer');
    await until(() => textOf(page.locator('#viewer')), (t) => t.includes(picked), 10_000, 'the viewer on the picked image');
    const viewerText = await textOf(viewer);
    expect(viewerText).toMatch(/REFERENCE.*CANDIDATE/i);
    await until(() => viewer.locator('img').first().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), (v) => v, 30_000, 'the picture');

    // The table: filter by folder, sort by image, open a row with the keyboard.
    const table = page.getByRole('grid', { name: 'Per-image results' });
    await page.getByLabel('Filter by path, label or class').fill('180/');
    await until(() => textOf(page.locator('#per-image .card-sub')), (t) => t === `${IMAGES / 2} of ${IMAGES} images`, 10_000, 'the filtered count');
    await table.getByRole('button', { name: 'Image' }).click();
    const first = await textOf(table.getByRole('row').nth(1).getByRole('gridcell').first());
    expect(first).toMatch(/^180\/line-0\d\d\.png$/);
    await table.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await until(() => textOf(page.locator('#viewer .card-title')), (t) => t === first, 10_000, 'the row in the viewer');
    await page.getByLabel('Filter by path, label or class').fill('');
    await screenshot(page, 'results');
    expect(app.browser.problems.filter((p) => !/status of 4\d\d/.test(p))).toEqual([]);
  });

  it('exports the HTML report and the JSON as valid files', async () => {
    const { page } = app.browser;
    await goTo(page, 6, /^Export/);
    const [html] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download HTML' }).click()]);
    const htmlFile = path.join(app.host.dir, 'export.html');
    await html.saveAs(htmlFile);
    const htmlText = readFileSync(htmlFile, 'utf8');
    expect(htmlText.slice(0, 200).toLowerCase()).toContain('<!doctype html>');
    expect(htmlText).toContain(RECIPE);
    expect(htmlText).toContain('<svg');

    const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download JSON' }).click()]);
    const jsonFile = path.join(app.host.dir, 'export.json');
    await json.saveAs(jsonFile);
    const report = ParityReportSchema.parse(JSON.parse(readFileSync(jsonFile, 'utf8')));
    expect(report.perImage).toHaveLength(IMAGES);
    expect(path.basename(report.models.candidate.path)).toContain(RECIPE);
    expect(new Set(report.perturbations?.map((p) => p.name))).toEqual(new Set(['fog', 'occlusion_patch', 'occlusion_branches']));

    // PDF on the web: the report goes to the browser's print dialog from a hidden, script-less frame.
    await page.getByRole('button', { name: 'Print to PDF…' }).click();
    const printed = await until(
      () => page.evaluate(() => (document.querySelector('iframe.print-frame') as HTMLIFrameElement | null)?.contentDocument?.title ?? ''),
      (t) => t.length > 0,
      20_000,
      'the report in the print frame',
    );
    expect(printed).toMatch(/^Parity report/);
    await screenshot(page, 'export');
  });

  it('opens a run folder from outside the app by its path, and says what is wrong with a folder that holds no report', async () => {
    const { page } = app.browser;
    // The run of this file, copied out of the data folder as a CI artifact would be.
    const artifact = path.join(app.host.dir, 'artifacts', 'ci-run');
    cpSync(path.join(app.host.dataDir, 'runs', runId), artifact, { recursive: true });
    await page.evaluate(() => {
      window.location.hash = '#/results';
    });
    await page.getByRole('heading', { level: 1, name: /^Results$/ }).waitFor();
    const field = page.getByLabel('Run folder path');
    await field.fill(path.dirname(artifact));
    await page.getByRole('button', { name: 'Open folder' }).click();
    const alert = page.locator('#runs').getByRole('alert');
    await until(() => textOf(alert), (t) => t.includes('holds no readable Parity report'), 10_000, 'the error for a folder without a report');
    expect(await textOf(alert)).toContain('Choose that folder, not its parent');
    await screenshot(page, 'open-run-folder-error');

    await field.fill(artifact);
    await page.getByRole('button', { name: 'Open folder' }).click();
    await page.getByTestId('card-agreement').waitFor({ timeout: 30_000 });
    expect(decodeURIComponent(page.url())).toMatch(/#\/results\/ci-run~[0-9a-f]{10}$/);
    expect(await textOf(page.getByTestId('card-agreement'))).toContain(`of ${IMAGES} images differ`);
  });

  it('shows the same results in the dark theme', async () => {
    const dark = await launchBrowser({ colorScheme: 'dark' });
    try {
      await openApp(dark.page, `${app.host.url}#/results/${encodeURIComponent(runId)}`);
      await dark.page.getByTestId('card-agreement').waitFor({ timeout: 30_000 });
      const background = await dark.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(background).toBe('rgb(20, 23, 28)');
      await screenshot(dark.page, 'results-dark');
    } finally {
      await dark.close();
    }
  });
});
