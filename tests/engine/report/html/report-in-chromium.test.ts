import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { renderHtmlReport } from '../../../../main/engine/report/html/index.js';
import { buildAssets, buildClassifierReport } from './fixtures/build-report.js';
import { launchChromium, waitForChromium } from './fixtures/chromium.js';

const OUT = path.resolve('test-results/report-html');

/** Opens the report and records anything that went wrong or tried to leave the file. */
async function open(context: BrowserContext, file: string): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (!/^(file|data):/.test(r.url())) problems.push(`request: ${r.url()}`);
  });
  page.on('requestfailed', (r) => problems.push(`failed: ${r.url()}`));
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, problems };
}

/** Pages in a PDF written by Chromium (its page tree's /Count). */
function pdfPageCount(pdf: Buffer): number {
  const counts = [...pdf.toString('latin1').matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)/g)].map((m) => Number(m[1]));
  const leaves = (pdf.toString('latin1').match(/\/Type\s*\/Page\b(?!s)/g) ?? []).length;
  return Math.max(leaves, ...counts, 0);
}

describe('the HTML report in Chromium', () => {
  let file: string;
  let pathsByDisagreement: string[];

  beforeAll(async () => {
    await waitForChromium();
    const report = buildClassifierReport({ robustness: true, performance: true, manifest: true });
    const assets = await buildAssets(report, { perturbed: true });
    mkdirSync(OUT, { recursive: true });
    file = path.join(OUT, 'report.html');
    writeFileSync(file, await renderHtmlReport(report, assets));
    pathsByDisagreement = [...report.perImage].sort((a, b) => b.disagreement - a.disagreement).map((r) => r.path);
  }, 600_000);

  it('renders on screen without errors or network requests, and its table sorts', async () => {
    const { context, close } = await launchChromium({ colorScheme: 'light' });
    try {
      const { page, problems } = await open(context, file);
      // 11 sections, plus "Where the flips go" and "Confidence".
      expect(await page.locator('section.report-section').count()).toBe(13);
      // 6 comparison and robustness charts, the flips and reliability charts, and the latency distribution.
      expect(await page.locator('figure.chart svg').count()).toBe(9);
      expect(await page.locator('.shot img').count()).toBe(12);
      // Every thumbnail decoded (naturalWidth > 0): the data URIs are valid images.
      const widths = await page.locator('.shot img').evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth));
      expect(widths.every((w) => w > 0)).toBe(true);
      await page.screenshot({ path: path.join(OUT, 'report-light.png'), fullPage: true });

      const firstPath = () => page.locator('#images tbody tr td.path').first().textContent();
      expect(await firstPath()).toBe(pathsByDisagreement[0]);
      await page.locator('#images th', { hasText: 'Image' }).click();
      expect(await firstPath()).toBe([...pathsByDisagreement].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }))[0]);
      await page.locator('#images th', { hasText: 'Disagreement' }).click();
      await page.locator('#images th', { hasText: 'Disagreement' }).click();
      expect(await firstPath()).toBe(pathsByDisagreement[0]);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  }, 180_000);

  it('follows a dark colour scheme on screen', async () => {
    const { context, close } = await launchChromium({ colorScheme: 'dark' });
    try {
      const { page, problems } = await open(context, file);
      const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      const [r, g, b] = bg.match(/\d+/g)!.map(Number);
      expect(r! + g! + b!).toBeLessThan(120);
      const axisLabel = await page.evaluate(() => {
        const text = document.querySelector('figure.chart .role-axis-label text');
        return text ? getComputedStyle(text).fill : '';
      });
      const [ar, ag, ab] = axisLabel.match(/\d+/g)!.map(Number);
      expect(ar! + ag! + ab!).toBeGreaterThan(400);
      await page.screenshot({ path: path.join(OUT, 'report-dark.png'), fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  }, 180_000);

  it('prints on light paper with page breaks between sections', async () => {
    const { context, close } = await launchChromium({ colorScheme: 'dark', width: 794 });
    try {
      const { page, problems } = await open(context, file);
      await page.emulateMedia({ media: 'print' });
      const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(bg).toBe('rgb(255, 255, 255)');
      const breaks = await page.evaluate(() =>
        Array.from(document.querySelectorAll('section.report-section')).filter((s) => getComputedStyle(s).breakBefore === 'page').length,
      );
      expect(breaks).toBeGreaterThanOrEqual(5);
      const rowBreak = await page.evaluate(() => getComputedStyle(document.querySelector('#images tbody tr')!).breakInside);
      expect(rowBreak).toBe('avoid');
      await page.screenshot({ path: path.join(OUT, 'report-print.png'), fullPage: true });
      const pdfPath = path.join(OUT, 'report-print.pdf');
      await page.pdf({ path: pdfPath, format: 'A4', printBackground: true });
      expect(pdfPageCount(readFileSync(pdfPath))).toBeGreaterThanOrEqual(1);
      expect(problems).toEqual([]);
    } finally {
      await close();
    }
  }, 180_000);
});
