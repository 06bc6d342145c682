import { beforeAll, describe, expect, it } from 'vitest';
import { ParityError } from '../../../../shared/errors.js';
import { ParityReportSchema, type ParityReport } from '../../../../shared/report/report.js';
import { renderHtmlReport, type ReportAssets } from '../../../../main/engine/report/html/index.js';
import { buildAssets, buildClassifierReport } from './fixtures/build-report.js';
import { buildDetectorReport } from './fixtures/build-detector-report.js';
import { allCardValues, cardValue, decode, sectionOf, svgsOf } from './html-probe.js';

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

describe('renderHtmlReport on a full classifier report', () => {
  let report: ParityReport;
  let assets: ReportAssets;
  let html: string;

  beforeAll(async () => {
    report = buildClassifierReport({ robustness: true, performance: true, manifest: true });
    assets = await buildAssets(report, { perturbed: true });
    html = await renderHtmlReport(report, assets);
  });

  it('starts from a report that passes ParityReportSchema', () => {
    expect(ParityReportSchema.safeParse(report).success).toBe(true);
    expect(report.perImage.length).toBeGreaterThanOrEqual(30);
    expect(report.images.skipped.length).toBeGreaterThan(0);
  });

  it('renders every section, each linked from the contents', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    const ids = ['summary', 'models', 'outputs', 'charts', 'gallery', 'conversion', 'robustness', 'performance', 'preprocess', 'skipped', 'images'];
    for (const id of ids) {
      expect(sectionOf(html, id), id).not.toBeNull();
      expect(html).toContain(`<a href="#${id}">`);
    }
    expect(html).toMatch(/<div class="verdict fail"/);
    expect(html).toContain('Release gate failed: 2 of 3 criteria were not met.');
  });

  it('says why the gate failed in words, with the measured values', () => {
    const verdict = /<div class="verdict[\s\S]*?<\/div>\s*<\/div>/.exec(html)![0];
    expect(verdict).toContain(`top-1 agreement ${pct(report.summary.clean.top1Agreement!)} — required at least 99.00%`);
    expect(verdict).toContain('criterion unmet');
    expect(verdict).toContain('criterion met');
    expect(verdict).toContain('3 images were skipped');
  });

  it('shows the report figures in the cards, formatted consistently', () => {
    const s = report.summary.clean;
    expect(cardValue(html, 'top1Agreement')).toBe(pct(s.top1Agreement!));
    expect(cardValue(html, 'top5Overlap')).toBe(pct(s.top5Overlap!));
    expect(cardValue(html, 'accuracy')).toBe(pct(s.accuracy!.candidate));
    expect(cardValue(html, 'allcloseRate')).toBe(pct(s.allcloseRate));
    expect(cardValue(html, 'maxAbsDiff')).toBe(String(Number(s.maxAbsDiff.toPrecision(3))));
    expect(cardValue(html, 'images')).toBe(String(s.images));
    const cards = sectionOf(html, 'summary')!;
    expect(decode(cards)).toContain(`${pct(s.accuracy!.reference)}`);
    const deltaPp = (s.accuracy!.delta * 100).toFixed(2);
    expect(decode(cards)).toContain(`\u2212${deltaPp.replace('-', '')} pp vs reference`);
    for (const value of allCardValues(html).filter((v) => v.endsWith('%'))) expect(value).toMatch(/^\d{1,3}\.\d{2}%$/);
    // IoU/Dice do not apply to a classifier and must not appear as cards.
    expect(cardValue(html, 'iou')).toBeNull();
    expect(cardValue(html, 'dice')).toBeNull();
  });

  it('writes small errors in scientific notation in the outputs table', () => {
    const outputs = decode(sectionOf(html, 'outputs')!);
    const s = report.summary.perOutput[0]!.metrics;
    expect(s.errorP50).toBeLessThan(1e-3);
    expect(outputs).toContain(s.errorP50.toExponential(2));
    expect(outputs).toContain(report.outputs[0]!.name);
    expect(outputs).toContain('1.00e-5 / 1.00e-5');
  });

  it('inlines the charts as SVG with axes', () => {
    const charts = svgsOf(sectionOf(html, 'charts')!);
    expect(charts.length).toBe(4);
    for (const svg of charts) {
      expect(svg).toContain('role-axis');
      expect(svg).toMatch(/aria-roledescription="axis"/);
    }
    const robustness = svgsOf(sectionOf(html, 'robustness')!);
    expect(robustness.length).toBe(2);
    // Ids inside the SVGs must not collide on one page.
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('loads nothing from the network', () => {
    expect(html).not.toMatch(/<script[^>]*\ssrc=/i);
    expect(html).not.toMatch(/<link[^>]*\shref=/i);
    expect(html).not.toMatch(/url\(\s*['"]?\s*(https?:)?\/\//i);
    expect(html).not.toMatch(/\s(src|href|xlink:href)="(?!data:|#)/i);
    // The only absolute URLs left are XML namespace names, which are never fetched.
    const urls = [...html.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((m) => m[0]);
    for (const url of urls) expect(['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink']).toContain(url);
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; img-src data:;/);
    expect((html.match(/<script/g) ?? []).length).toBe(1);
  });

  it('embeds thumbnails as data URIs and lists the most disagreeing images first', () => {
    const gallery = sectionOf(html, 'gallery')!;
    const shown = [...gallery.matchAll(/<article class="shot[^"]*" data-path="([^"]+)"/g)].map((m) => decode(m[1]!));
    const expected = [...report.perImage]
      .filter((r) => r.disagreement > 0)
      .sort((a, b) => b.disagreement - a.disagreement)
      .slice(0, 12)
      .map((r) => r.path);
    expect(shown).toEqual(expected);
    const disagreements = shown.map((p) => report.perImage.find((r) => r.path === p)!.disagreement);
    expect(disagreements).toEqual([...disagreements].sort((a, b) => b - a));
    expect(gallery).toContain(`<img src="${(assets.thumbnails as Record<string, string>)[shown[0]!]}"`);
    expect(gallery).toMatch(/✗ wrong/);
    expect(gallery).toMatch(/✓ correct/);
  });

  it('lists skipped images with their reasons and every image in the table', () => {
    const skipped = decode(sectionOf(html, 'skipped')!);
    for (const s of report.images.skipped) {
      expect(skipped).toContain(s.path);
      expect(skipped).toContain(s.reason);
    }
    const table = sectionOf(html, 'images')!;
    expect((table.match(/<tr[ >]/g) ?? []).length).toBe(report.perImage.length + 1);
    const preprocess = decode(sectionOf(html, 'preprocess')!);
    expect(preprocess).toContain('192 × 48 px');
    expect(preprocess).toContain('[0.5, 0.5, 0.5]');
  });

  it('renders the conversion manifest, CE table and perturbation strip', () => {
    const conversion = decode(sectionOf(html, 'conversion')!);
    const manifest = report.models.candidate.manifest!;
    expect(conversion).toContain(manifest.recipe);
    expect(conversion).toContain('QuantizeLinear');
    expect(conversion).toContain(manifest.notes[0]!);
    const robustness = decode(sectionOf(html, 'robustness')!);
    const mce = report.robustness!.mCE!;
    expect(robustness).toContain(`${(mce * 100).toFixed(1)}%`);
    expect((sectionOf(html, 'robustness')!.match(/<img src="data:image\/png;base64,/g) ?? []).length).toBe(
      report.perturbations!.length + 4,
    );
    expect(decode(sectionOf(html, 'performance')!)).toContain(report.performance!.headline);
  });
});

describe('renderHtmlReport with hostile strings', () => {
  it('escapes paths, labels and model names taken from the report', async () => {
    const report = buildClassifierReport({ images: 12 });
    const evilLabel = '<script>alert("label")</script>';
    const evilPath = 'x/"><img src=x onerror=alert(1)>.png';
    report.labels!.classes = [report.labels!.classes[0]!, evilLabel];
    for (const row of report.perImage) {
      for (const e of [...row.reference.topK, ...row.candidate.topK]) if (e.index === 1) e.label = evilLabel;
      if (row.label === '180') row.label = evilLabel;
    }
    report.perImage[0]!.path = evilPath;
    report.models.candidate.path = '/models/<b onmouseover=alert(2)>cand.onnx';
    report.images.skipped[0]!.reason = '</td></tr></table><script>alert(3)</script>';
    const assets = await buildAssets(report);
    const html = await renderHtmlReport(report, assets);
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<b onmouseover');
    expect(html).toContain('&lt;script&gt;alert(&quot;label&quot;)&lt;/script&gt;');
    expect(html).toContain('x/&quot;&gt;&lt;img src=x onerror=alert(1)&gt;.png');
    expect((html.match(/<script/g) ?? []).length).toBe(1);
    // The hostile label also reaches the charts: vega's SVG writer must have escaped it too.
    const charts = sectionOf(html, 'charts')!;
    expect(charts).toContain('&lt;script&gt;');
  });

  it('ignores thumbnails that are not inline raster images', async () => {
    const report = buildClassifierReport({ images: 8 });
    const [first, second] = report.perImage.sort((a, b) => b.disagreement - a.disagreement);
    const html = await renderHtmlReport(report, {
      thumbnails: new Map([
        [first!.path, 'https://example.com/tracker.png'],
        [second!.path, 'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4='],
      ]),
    });
    expect(html).not.toContain('example.com');
    expect(html).not.toContain('image/svg+xml');
    expect(sectionOf(html, 'gallery')).toContain('no thumbnail');
  });
});

describe('renderHtmlReport with parts absent', () => {
  it('leaves out the sections a report does not have', async () => {
    const report = buildClassifierReport({ images: 10, gate: 'pass' });
    const html = await renderHtmlReport(report, { thumbnails: {} });
    for (const id of ['conversion', 'robustness', 'performance']) {
      expect(sectionOf(html, id), id).toBeNull();
      expect(html).not.toContain(`href="#${id}"`);
    }
    expect(html).toMatch(/<div class="verdict pass"/);
    expect(html).toContain('Release gate passed: all 2 criteria were met.');
  });

  it('says plainly when no gate was set', async () => {
    const report = buildClassifierReport({ images: 10, gate: 'none' });
    const html = await renderHtmlReport(report, { thumbnails: {} });
    expect(html).toMatch(/<div class="verdict none"/);
    expect(html).toContain('No release gate was set');
    expect(html).not.toContain('class="gate"');
  });

  it('shows dense figures and no classification ones for a detector', async () => {
    const report = buildDetectorReport();
    expect(ParityReportSchema.safeParse(report).success).toBe(true);
    const html = await renderHtmlReport(report, { thumbnails: {} });
    expect(sectionOf(html, 'flips')).toBeNull();
    expect(sectionOf(html, 'confidence')).toBeNull();
    expect(cardValue(html, 'iou')).toBe(pct(report.summary.clean.iou!));
    expect(cardValue(html, 'dice')).toBe(pct(report.summary.clean.dice!));
    expect(cardValue(html, 'top1Agreement')).toBeNull();
    expect(cardValue(html, 'accuracy')).toBeNull();
    expect(svgsOf(sectionOf(html, 'charts')!).length).toBe(2);
    expect(sectionOf(html, 'images')).toContain('>IoU</th>');
    expect(decode(html)).toContain('inference threads chosen by onnxruntime');
  });

  it('rejects a report that does not match the schema with a ParityError', async () => {
    const report = buildClassifierReport({ images: 4 });
    const broken = { ...report, summary: { ...report.summary, clean: { ...report.summary.clean, images: 'many' } } };
    const error = await renderHtmlReport(broken as unknown as ParityReport, { thumbnails: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParityError);
    expect((error as ParityError).code).toBe('BAD_OPTION');
    expect((error as ParityError).message).toContain('summary.clean.images');
  });
});
