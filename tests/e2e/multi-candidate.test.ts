/**
 * Several candidates side by side in the app (issue 14): two candidates ticked on the Run screen under a
 * perturbation make one run; the Results screen shows one row per candidate with its own figures, its worst
 * perturbation and a chart, without scrolling sideways at 1440×900.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ParityReportSchema } from '../../shared/report/report.js';
import { formatMetric } from '../../shared/report/metric-meaning.js';
import { worstPerturbation, worstPerturbationText } from '../../shared/report/worst-perturbation.js';
import { appSession } from './support/app-session.js';
import { goTo, screenshot, textOf, until } from './support/app.js';
import { writeAlteredModel } from '../helpers/altered-model.js';
import { IMAGENET_LABELS, LONG_CLASSES, writeClassFolders, writeImagenetClassifier } from '../helpers/imagenet-like.js';

const app = appSession({ width: 1440, height: 900 });

describe('several candidates side by side in the app', { timeout: 420_000 }, () => {
  it('runs two ticked candidates in one run under fog and shows a row per candidate', async () => {
    const { page } = app.browser;
    const dir = app.host.dir;
    const model = await writeImagenetClassifier(path.join(dir, 'classifier.onnx'));
    const slight = path.join(dir, 'classifier.slight.onnx');
    const strong = path.join(dir, 'classifier.strong.onnx');
    await writeAlteredModel(model, slight, 0.05, 100);
    await writeAlteredModel(model, strong, 0.5, 100);
    const images = await writeClassFolders(path.join(dir, 'val'), LONG_CLASSES.slice(0, 4), 3);

    for (const [kind, target] of [['model', model], ['images', images], ['labels', IMAGENET_LABELS]] as const) {
      await page.getByRole('combobox', { name: 'What the path is' }).selectOption(kind);
      await page.getByLabel('Path on the server').fill(target);
      await page.getByRole('button', { name: 'Open', exact: true }).click();
      if (kind === 'model') await until(() => textOf(page.getByTestId('project-model')), (t) => t.includes('valid ONNX'), 30_000, 'the model check');
      if (kind === 'images') await until(() => textOf(page.getByTestId('project-images')), (t) => t.includes('12 images'), 30_000, 'the images');
      if (kind === 'labels') await until(() => textOf(page.getByTestId('project-labels')), (t) => t.includes('1,000 classes'), 30_000, 'the labels');
    }

    await goTo(page, 4, /^Run parity/);
    const boxes = page.getByRole('group', { name: 'Candidates' }).getByRole('checkbox');
    for (const [i, file] of [slight, strong].entries()) {
      await page.getByLabel('Candidate model path').fill(file);
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await until(() => boxes.count(), (n) => n === i + 1, 10_000, 'the added candidate');
    }
    for (let i = 0; i < 2; i++) await boxes.nth(i).check();
    await page.getByRole('checkbox', { name: 'Fog', exact: true }).check();
    // Severities 3 and 5 only.
    for (const s of ['1', '2', '4']) await page.getByRole('group', { name: 'Severities' }).getByRole('button', { name: s, exact: true }).click();
    await page.getByRole('checkbox', { name: 'Measure speed' }).uncheck();
    await page.getByRole('button', { name: 'Compare 2 side by side' }).click();
    const link = page.locator('.notices').getByRole('link', { name: 'Open results' });
    const notices = await until(() => textOf(page.locator('.notices')), (t) => t.includes('finished') || /failed|error/i.test(t), 240_000, 'the run to end');
    if (!notices.includes('finished')) await screenshot(page, 'results-candidates-failed');
    expect(notices).toContain('finished');
    await link.click();
    await page.getByTestId('results').waitFor();

    const card = page.getByTestId('candidates');
    await card.waitFor({ timeout: 30_000 });
    const rows = card.locator('tbody tr');
    expect(await rows.count()).toBe(2);
    const texts = await rows.allTextContents();
    expect(texts[0]).toContain('classifier.slight.onnx');
    expect(texts[1]).toContain('classifier.strong.onnx');

    // The figures are the report's own, candidate by candidate.
    const runsDir = path.join(app.host.dataDir, 'runs');
    const runDir = readdirSync(runsDir).find((d) => existsSync(path.join(runsDir, d, 'report.json')))!;
    const report = ParityReportSchema.parse(JSON.parse(readFileSync(path.join(runsDir, runDir, 'report.json'), 'utf8')));
    expect(report.candidates?.map((c) => c.name)).toEqual(['classifier.slight.onnx', 'classifier.strong.onnx']);
    report.candidates!.forEach((c, i) => {
      expect(texts[i]).toContain(formatMetric('top1Agreement', c.summary.clean.top1Agreement));
      expect(texts[i]).toContain(formatMetric('maxAbsDiff', c.summary.clean.maxAbsDiff));
      expect(c.perturbations?.map((p) => `${p.name}|${p.severity}`)).toEqual(['fog|3', 'fog|5']);
      expect(texts[i]).toContain(worstPerturbationText(worstPerturbation(c.perturbations)));
    });
    expect(await textOf(card.locator('thead'))).toMatch(/worst perturbation/i);
    expect(report.candidates![1]!.summary.clean.maxAbsDiff).toBeGreaterThan(report.candidates![0]!.summary.clean.maxAbsDiff);
    const heading = await textOf(page.getByRole('heading', { level: 1 }));
    expect(heading).toContain('classifier.slight.onnx, classifier.strong.onnx');
    await card.locator('svg, canvas').first().waitFor({ timeout: 30_000 });
    const scroll = await page.evaluate(() => ({ document: document.documentElement.scrollWidth, viewport: window.innerWidth }));
    expect(scroll.document).toBe(scroll.viewport);
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'results-candidates');
  });
});
