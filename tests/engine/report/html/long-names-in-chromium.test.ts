/**
 * The HTML report with real long names (issue 14): ImageNet class names and image paths in "All images", TensorFlow
 * node names in "Excluded nodes". On screen both tables stay inside their box and the page does not widen (it was
 * 2,297 px with 340-px rows, and All images 3,014 px in a 1,122-px box); printed, All images keeps every prediction
 * column on the A4 page.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ParityReport } from '../../../../shared/report/report.js';
import { renderHtmlReport } from '../../../../main/engine/report/html/index.js';
import { buildAssets, buildClassifierReport } from './fixtures/build-report.js';
import { launchChromium, waitForChromium } from './fixtures/chromium.js';
import { LONG_CLASSES, TF_NODE_NAMES } from '../../../helpers/imagenet-like.js';

const OUT = path.resolve('test-results/report-html');

/** The fixture report with its two classes renamed to ImageNet names and 60 TF-named nodes kept in float. */
function withLongNames(report: ParityReport): ParityReport {
  const names = [LONG_CLASSES[0], LONG_CLASSES[3]] as string[];
  const rename = (label: string | null): string | null => (label === null ? null : (names[Number(label === '180')] ?? label));
  const manifest = report.models.candidate.manifest!;
  const excluded = Array.from({ length: 60 }, (_, i) => ({
    name: i % 2 === 0 ? TF_NODE_NAMES.conv.replace('13', String(i)) : `${TF_NODE_NAMES.gemm}/StatefulPartitionedCall/model_${i}/quant_wrapper`,
    reason: i % 3 === 0 ? 'ConvInteger is slow in ONNX Runtime on CPUs without VNNI; kept in float32' : 'excluded by --exclude-nodes',
  }));
  return {
    ...report,
    labels: { path: '/data/imagenet/imagenet-classes.txt', classes: names },
    perImage: report.perImage.map((r, i) => {
      const label = rename(r.label);
      const topK = (entries: typeof r.reference.topK) => entries.map((e) => ({ ...e, label: names[e.index] ?? String(e.index) }));
      return { ...r, path: `${label ?? 'unlabelled'}/ILSVRC2012_val_${String(10_000 + i).padStart(8, '0')}.JPEG`, label, reference: { topK: topK(r.reference.topK) }, candidate: { topK: topK(r.candidate.topK) } };
    }),
    models: { ...report.models, candidate: { ...report.models.candidate, manifest: { ...manifest, nodes: { ...manifest.nodes, excluded } } } },
  };
}

async function box(page: Page, selector: string): Promise<{ scroll: number; client: number; right: number }> {
  return page.locator(selector).first().evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, right: el.getBoundingClientRect().right }));
}

describe('long real names in the HTML report', () => {
  let file: string;

  beforeAll(async () => {
    await waitForChromium();
    const report = withLongNames(buildClassifierReport({ manifest: true }));
    mkdirSync(OUT, { recursive: true });
    file = path.join(OUT, 'report-long-names.html');
    writeFileSync(file, await renderHtmlReport(report, await buildAssets(report)));
  }, 600_000);

  it('keeps the page, the Excluded-nodes table and the All-images table inside their boxes on screen', async () => {
    const { context, close } = await launchChromium({ width: 1200 });
    try {
      const page = await context.newPage();
      await page.goto(pathToFileURL(file).href);
      await page.locator('#conversion details').first().evaluate((d) => ((d as HTMLDetailsElement).open = true));
      const doc = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, viewport: window.innerWidth }));
      expect(doc.scroll).toBe(doc.viewport);
      const excluded = await box(page, '#conversion .excluded-nodes');
      expect(excluded.scroll).toBeLessThanOrEqual(excluded.client);
      const rowHeights = await page.locator('#conversion .excluded-nodes tr').evaluateAll((rows) => rows.map((r) => r.getBoundingClientRect().height));
      expect(Math.max(...rowHeights)).toBeLessThan(60);
      const images = await box(page, '#images .table-wrap');
      const table = await box(page, '#images table');
      expect(table.scroll).toBeLessThanOrEqual(images.client + 1);
      // Long names are whole, or cut with the whole name in a title.
      const cut = await page.locator('#images td').evaluateAll((cells) =>
        cells.filter((c) => c.scrollWidth > c.clientWidth + 1 && !(c.getAttribute('title') ?? '').length).map((c) => c.textContent),
      );
      expect(cut).toEqual([]);
      await page.screenshot({ path: path.join(OUT, 'report-long-names.png'), fullPage: true });
    } finally {
      await close();
    }
  }, 180_000);

  it('prints All images with every prediction column on the page', async () => {
    const { context, close } = await launchChromium({ width: 794 });
    try {
      const page = await context.newPage();
      await page.goto(pathToFileURL(file).href);
      await page.emulateMedia({ media: 'print' });
      const pageWidth = await page.evaluate(() => document.documentElement.clientWidth);
      for (const heading of ['Reference top-1', 'Candidate top-1', 'Top-1', 'Ref ✓', 'Cand ✓']) {
        const th = page.locator('#images th', { hasText: heading }).first();
        const rect = await th.evaluate((el) => {
          const r = el.getBoundingClientRect();
          return { left: r.left, right: r.right, width: r.width, visible: getComputedStyle(el).display !== 'none' };
        });
        expect(rect.visible, heading).toBe(true);
        expect(rect.width, heading).toBeGreaterThan(10);
        expect(rect.right, heading).toBeLessThanOrEqual(pageWidth + 1);
      }
      await page.screenshot({ path: path.join(OUT, 'report-long-names-print.png'), fullPage: true });
      await page.pdf({ path: path.join(OUT, 'report-long-names-print.pdf'), format: 'A4', printBackground: true });
    } finally {
      await close();
    }
  }, 180_000);
});
