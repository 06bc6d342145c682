/**
 * Several candidates in one run (issue 14): `parity compare ref cand.onnx --candidate-recipe fp16,…` compares each
 * against the reference on the same decoded images; every candidate's figures equal those of its own one-candidate
 * run, the report gains candidates[] (top-level keys stay the first candidate's), and the gate names who failed.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParityReportSchema, type ParityReport } from '../../shared/report/report.js';
import { removeScratchDirs, runCli, SAMPLE, scratchDir } from '../helpers/cli.js';

let work: string;
const env = (): Record<string, string> => ({ PARITY_DATA_DIR: path.join(work, 'data'), PARITY_CACHE_DIR: path.join(work, 'cache') });
const common = ['--images', SAMPLE.images, '--labels', SAMPLE.labels, '--preprocess', SAMPLE.preprocess, '--max-images', '24', '--quiet'];

async function compare(args: string[], out: string): Promise<{ code: number | null; stdout: string; stderr: string; report: ParityReport | null }> {
  const json = path.join(work, `${out}.json`);
  const run = await runCli(['compare', ...args, ...common, '--out', path.join(work, out), '--json', json], { env: env() });
  const report = existsSync(json) ? ParityReportSchema.parse(JSON.parse(readFileSync(json, 'utf8'))) : null;
  return { ...run, report };
}

beforeAll(() => {
  work = scratchDir('parity-cli-candidates-');
});
afterAll(removeScratchDirs);

describe('parity compare with several candidates', { timeout: 240_000 }, () => {
  let multi: Awaited<ReturnType<typeof compare>>;
  beforeAll(async () => {
    multi = await compare([SAMPLE.model, SAMPLE.model, '--candidate-recipe', 'fp16,optimized', '--bench-runs', '3', '--fail-under', 'maxAbsDiff<=0'], 'multi');
  });

  it('reports one entry per candidate, the first one equal to the top-level keys', () => {
    const report = multi.report!;
    expect(report.candidates?.map((c) => c.name)).toEqual([path.basename(SAMPLE.model), 'fp16', 'optimized']);
    const [first, fp16, optimized] = report.candidates!;
    expect(first!.model).toEqual(report.models.candidate);
    expect(first!.summary).toEqual(report.summary);
    expect(first!.performance).toEqual(report.performance);
    expect(fp16!.model.path).toMatch(/\.fp16\.onnx$/);
    expect(fp16!.model.manifest?.recipe).toBe('fp16');
    expect(fp16!.model.sizeBytes!).toBeLessThan(first!.model.sizeBytes! * 0.6);
    expect(optimized!.model.path).toMatch(/\.optimized\.onnx$/);
    // The same model as candidate cannot differ; fp16 rounding shows in the largest error.
    expect(first!.summary.clean.maxAbsDiff).toBe(0);
    expect(fp16!.summary.clean.maxAbsDiff).toBeGreaterThan(0);
    expect(report.perImage).toHaveLength(24);
    for (const image of report.perImage) {
      expect(image.candidates).toHaveLength(3);
      expect(image.candidates![0]!.disagreement).toBe(image.disagreement);
      expect(image.candidates![0]!.candidate).toEqual(image.candidate);
    }
  });

  it('puts the candidates side by side in the HTML report', () => {
    const page = readFileSync(path.join(work, 'multi', 'report.html'), 'utf8');
    const section = page.slice(page.indexOf('id="candidates"'), page.indexOf('</section>', page.indexOf('id="candidates"')));
    expect(section).toContain('Candidates side by side');
    const rows = section.split('<tr>').slice(2);
    expect(rows.map((r) => /data-v="([^"]+)"/.exec(r)?.[1])).toEqual([path.basename(SAMPLE.model), 'fp16', 'optimized']);
    expect(rows[1]).toContain('FAILED');
    expect(rows[1]).toMatch(/smaller/);
    expect(page).toMatch(/<title>Parity report · ch_ppocr_mobile_v2\.0_cls_infer\.onnx vs ch_ppocr_mobile_v2\.0_cls_infer\.onnx, fp16, optimized · FAILED<\/title>/);
  });

  it('times every model in one benchmark and gives each candidate its own performance section', () => {
    const report = multi.report!;
    for (const c of report.candidates!) {
      const bench = c.performance!.benchmark;
      expect(bench.models.map((m) => m.path)).toEqual([report.models.reference.path, c.model.path]);
      expect(bench.comparisons).toHaveLength(1);
      expect(bench.comparisons[0]!.sizeRatio).toBeCloseTo(c.model.sizeBytes! / report.models.reference.sizeBytes!, 6);
    }
  });

  it('fails the gate when one candidate fails it and names that candidate', () => {
    expect(multi.code, multi.stderr).toBe(1);
    const report = multi.report!;
    const [first, fp16] = report.candidates!;
    expect(first!.gate.passed).toBe(true);
    expect(fp16!.gate.passed).toBe(false);
    expect(report.gate.passed).toBe(false);
    expect(report.gate.failures.map((f) => f.candidate)).toEqual(['fp16']);
    expect(report.gate.failures[0]!.message).toMatch(/^fp16: /);
    expect(multi.stdout).toMatch(/vs 3 candidates/);
    expect(multi.stdout).toMatch(/^ {2}fp16 .*FAILED$/m);
    expect(multi.stdout).toMatch(/^ {2}- fp16: /m);
  });

  it('gives each candidate the figures of its own one-candidate run', async () => {
    const alone = await compare([SAMPLE.model, '--candidate-recipe', 'fp16', '--no-bench'], 'alone');
    expect(alone.code, alone.stderr).toBe(0);
    const fp16 = multi.report!.candidates![1]!;
    expect(fp16.summary.clean).toEqual(alone.report!.summary.clean);
    expect(fp16.summary.perOutput).toEqual(alone.report!.summary.perOutput);
    expect(alone.report!.candidates).toBeUndefined();
    multi.report!.perImage.forEach((image, i) => {
      const single = alone.report!.perImage[i]!;
      expect(image.path).toBe(single.path);
      expect(image.candidates![1]!.disagreement).toBe(single.disagreement);
      expect(image.candidates![1]!.candidate).toEqual(single.candidate);
      expect(image.candidates![1]!.candidateCorrect).toBe(single.candidateCorrect);
    });
  });

  it('compares every candidate under perturbations too, each with its own worst perturbation', async () => {
    const perturbed = await compare([SAMPLE.model, SAMPLE.model, '--candidate-recipe', 'fp16', '--perturb', 'fog', '--severity', '3', '--no-bench'], 'perturbed');
    expect(perturbed.code, perturbed.stderr).toBe(0);
    const report = perturbed.report!;
    expect(report.candidates?.map((c) => c.perturbations?.map((p) => `${p.name}|${p.severity}|${p.metrics.images}`))).toEqual([['fog|3|24'], ['fog|3|24']]);
    expect(report.candidates![0]!.perturbations).toEqual(report.perturbations);
    expect(perturbed.stdout).toMatch(/worst perturbation/);
    expect(perturbed.stdout).toMatch(/^ {2}fp16 .* \(Fog 3\)$/m);
    expect(perturbed.stdout).toMatch(/^Robustness of fp16: 1 perturbation × severities 3/m);
    const page = readFileSync(path.join(work, 'perturbed', 'report.html'), 'utf8');
    const section = page.slice(page.indexOf('id="candidates"'), page.indexOf('</section>', page.indexOf('id="candidates"')));
    expect(section).toContain('Worst perturbation');
    expect(section).toMatch(/Fog 3/);
  });

  it('refuses a candidate that is not a variant of the reference', async () => {
    const unlike = await compare([SAMPLE.model, SAMPLE.model, SAMPLE.detector, '--no-bench'], 'unlike');
    expect(unlike.code).toBe(2);
    expect(unlike.stderr).toMatch(/^parity: error: /m);
    expect(unlike.report).toBeNull();
  });

  it('answers a resume of the finished run with every candidate again', async () => {
    const run = await runCli(['compare', '--resume', path.join(work, 'multi'), '--quiet'], { env: env() });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toMatch(/vs 3 candidates/);
    expect(run.stdout).toMatch(/^ {2}optimized .*passed$/m);
  });
});
