/**
 * `parity compare --perturb` through the real CLI, engine process and ONNX Runtime: a model compared with itself
 * agrees exactly under every perturbation; a slightly altered copy flips under some, and the flips are listed with
 * their perturbed thumbnails; the demo classifier's accuracy falls as fog thickens; a second identical run reads
 * every perturbed image from the cache and reports the same figures.
 */
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParityReportSchema, type ParityReport } from '../../shared/report/report.js';
import { PERTURBATION_NAMES } from '../../shared/perturbations/index.js';
import { writeAlteredModel } from '../helpers/altered-model.js';
import { removeScratchDirs, runCli, SAMPLE, scratchDir } from '../helpers/cli.js';

let work: string;
const env = (): Record<string, string> => ({ PARITY_DATA_DIR: path.join(work, 'data'), PARITY_CACHE_DIR: path.join(work, 'cache') });
const sample = ['--labels', SAMPLE.labels, '--preprocess', SAMPLE.preprocess, '--quiet', '--no-bench'];
const readReport = (dir: string): ParityReport => ParityReportSchema.parse(JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')));
const sectionOf = (html: string, id: string): string => {
  const start = html.indexOf(`<section class="report-section page" id="${id}"`);
  return start < 0 ? '' : html.slice(start, html.indexOf('</section>', start));
};

beforeAll(() => {
  work = scratchDir('parity-cli-perturb-compare-');
});
afterAll(removeScratchDirs);

describe('parity compare --perturb', () => {
  it('a model compared with itself agrees exactly under every perturbation; a second run reads them all from the cache', async () => {
    const first = path.join(work, 'self-1');
    const args = ['compare', SAMPLE.model, SAMPLE.model, '--images', SAMPLE.images, ...sample, '--max-images', '4', '--perturb', 'all', '--severity', '1-5', '--seed', '3'];
    const run = await runCli([...args, '--out', first], { env: env(), timeoutMs: 600_000 });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Robustness: 22 perturbations × severities 1,2,3,4,5 \(seed 3\), 440 perturbed images/);
    expect(run.stdout).toMatch(/top-1 flips\s+0 /);
    const report = readReport(first);
    expect(report.perImage).toHaveLength(4);
    const results = report.perturbations!;
    expect(results.map((p) => `${p.name}|${p.severity}`)).toEqual(PERTURBATION_NAMES.flatMap((n) => [1, 2, 3, 4, 5].map((s) => `${n}|${s}`)));
    for (const p of results) {
      expect(p.metrics.images, p.name).toBe(4);
      expect(p.metrics.top1Agreement, p.name).toBe(1);
      expect(p.metrics.maxAbsDiff, p.name).toBe(0);
      expect(p.metrics.allcloseRate, p.name).toBe(1);
      expect(p.flips).toBe(0);
      expect(p.metrics.accuracy!.reference).toBe(p.metrics.accuracy!.candidate);
      expect(p.error).toEqual({ reference: 1 - p.metrics.accuracy!.reference, candidate: 1 - p.metrics.accuracy!.candidate });
    }
    const robustness = report.robustness!;
    expect(robustness.flips).toEqual({ total: 0, examples: [] });
    expect(robustness.labelled).toBe(true);
    for (const d of robustness.perPerturbation!) {
      // Equal errors: CE is exactly 1 wherever the reference errs, undefined (0/0) where neither does.
      if (d.errorSum.reference > 0) expect(d.ce).toBe(1);
      else expect(d.ce).toBeNull();
    }
    if (robustness.mCE !== null) expect(robustness.mCE).toBe(1);
    expect(robustness.timing!.cache).toMatchObject({ enabled: true, hits: 0, misses: 440 });
    const html = readFileSync(path.join(first, 'report.html'), 'utf8');
    const section = sectionOf(html, 'robustness');
    expect(section).toContain('Top-1 agreement under perturbation');
    expect(section).toContain(`${robustness.sampleImage} under each perturbation`);
    // The strip: the sample clean once per row and under each of the 110 (perturbation, severity) pairs.
    expect((section.match(/<img src="data:image\/jpeg;base64,/g) ?? []).length).toBe(22 + 110);
    expect(section).toContain('both models chose the same top-1 class on every image');

    const second = path.join(work, 'self-2');
    const again = await runCli([...args, '--out', second], { env: env(), timeoutMs: 600_000 });
    expect(again.code, again.stderr).toBe(0);
    const repeat = readReport(second);
    expect(repeat.robustness!.timing!.cache).toMatchObject({ hits: 440, misses: 0 });
    expect(repeat.perturbations!.map((p) => p.metrics)).toEqual(results.map((p) => p.metrics));
  });

  it('lists an altered copy\'s top-1 flips under perturbation with perturbed thumbnails, at most 8 per perturbation', async () => {
    const altered = path.join(work, 'cls-altered.onnx');
    expect(await writeAlteredModel(SAMPLE.model, altered, 0.08)).toBeGreaterThan(5);
    const out = path.join(work, 'altered');
    const run = await runCli(
      ['compare', SAMPLE.model, altered, '--images', SAMPLE.images, ...sample, '--max-images', '24', '--perturb', 'motion_blur,speckle_noise,occlusion_grid', '--severity', '4-5', '--out', out],
      { env: env(), timeoutMs: 600_000 },
    );
    expect(run.code, run.stderr).toBe(0);
    const report = readReport(out);
    const flips = report.robustness!.flips!;
    const counted = report.perturbations!.reduce((n, p) => n + p.flips!, 0);
    expect(counted).toBe(flips.total);
    expect(flips.total).toBeGreaterThan(0);
    expect(run.stdout).toMatch(new RegExp(`top-1 flips\\s+${flips.total} `));
    expect(flips.examples.length).toBe(Math.min(flips.total, flips.examples.length));
    expect(flips.examples.length).toBeLessThanOrEqual(24);
    for (const name of ['motion_blur', 'speckle_noise', 'occlusion_grid']) {
      const kept = flips.examples.filter((f) => f.perturbation === name).length;
      const counted = report.perturbations!.filter((p) => p.name === name).reduce((n, p) => n + p.flips!, 0);
      // Up to 8 per perturbation: more than the 3 kept before, so the gallery has something to browse.
      expect(kept).toBe(Math.min(8, counted));
    }
    for (const f of flips.examples) expect(f.reference.index).not.toBe(f.candidate.index);
    const disagreements = flips.examples.map((f) => f.disagreement);
    expect(disagreements).toEqual([...disagreements].sort((a, b) => b - a));
    const section = sectionOf(readFileSync(path.join(out, 'report.html'), 'utf8'), 'robustness');
    const shots = [...section.matchAll(/<article class="shot differs" data-path="[^"]+" data-perturbation="([^"]+)" data-severity="(\d)">[\s\S]*?<\/article>/g)];
    expect(shots.length).toBe(flips.examples.length);
    for (const shot of shots) expect(shot[0]).toMatch(/<img src="data:image\/jpeg;base64,/);
  });

  it('the demo classifier\'s accuracy falls as fog thickens (faded text lines)', async () => {
    // The classifier reads the sample's crisp lines under any ImageNet-C fog; on faded print (a fifth of the
    // contrast) the fog matters. The files are real PNGs read by the engine like any dataset.
    const images = path.join(work, 'faded');
    for (const label of ['0', '180']) {
      mkdirSync(path.join(images, label), { recursive: true });
      const files = readdirSync(path.join(SAMPLE.images, label)).sort().filter((_, i) => i % 2 === 0);
      for (const file of files) {
        await sharp(path.join(SAMPLE.images, label, file)).linear(0.2, 255 * 0.8).png().toFile(path.join(images, label, file));
      }
    }
    const out = path.join(work, 'fog');
    const run = await runCli(['compare', SAMPLE.model, SAMPLE.model, '--images', images, ...sample, '--perturb', 'fog', '--out', out], {
      env: env(),
      timeoutMs: 600_000,
    });
    expect(run.code, run.stderr).toBe(0);
    const report = readReport(out);
    expect(report.perImage).toHaveLength(100);
    const clean = report.summary.clean.accuracy!.reference;
    const fog = report.perturbations!.map((p) => p.metrics.accuracy!.reference);
    const curve = [clean, ...fog];
    for (let i = 1; i < curve.length; i++) expect(curve[i], curve.join(', ')).toBeLessThanOrEqual(curve[i - 1]!);
    expect(fog[4]!).toBeLessThan(clean - 0.1);
    expect(report.robustness!.cleanError).toEqual({ reference: 1 - clean, candidate: 1 - clean });
  });

  it('measures a detector by IoU under perturbation, without top-1 flips', async () => {
    const out = path.join(work, 'detector');
    const run = await runCli(
      ['compare', SAMPLE.detector, SAMPLE.detector, '--images', SAMPLE.documents, '--preprocess', SAMPLE.documentsPreprocess, '--max-images', '1', '--perturb', 'occlusion_branches', '--severity', '2', '--quiet', '--no-bench', '--out', out],
      { env: env(), timeoutMs: 600_000 },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/lowest IoU\s+100\.0% \(Occlusion: branches, severity 2\)/);
    expect(run.stdout).not.toMatch(/top-1 flips/);
    expect(run.stdout).toMatch(/mCE\s+n\/a \(needs --labels, or --postprocess for a detector\)/);
    const report = readReport(out);
    expect(report.perturbations!.map((p) => [p.name, p.severity, p.metrics.iou, p.flips])).toEqual([['occlusion_branches', 2, 1, undefined]]);
    expect(report.robustness!.flips).toBeUndefined();
    expect(report.robustness!.corruptionError).toEqual({});
    expect(sectionOf(readFileSync(path.join(out, 'report.html'), 'utf8'), 'robustness')).toContain('IoU under perturbation');
  });

  it.each([
    [['--perturb', 'haze'], /Unknown perturbation "haze"/],
    [['--perturb', 'fog', '--severity', '7'], /Invalid severity "7"/],
    [['--perturb', 'fog', '--severity', '3-1'], /Invalid severity range "3-1"/],
    [['--severity', '2'], /--severity and --seed apply to perturbations/],
    [['--perturb', 'fog', '--seed', '1.5'], /Invalid seed "1\.5"/],
  ])('refuses %j with exit 2', async (extra, message) => {
    const run = await runCli(['compare', SAMPLE.model, SAMPLE.model, '--images', SAMPLE.images, ...sample, ...extra], { env: env() });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });
});
