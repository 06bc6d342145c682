/**
 * `parity drift` through the real CLI, engine process, sharp and ONNX Runtime on the project's sample images:
 * two halves of one folder do not drift (the gate passes); the folder under fog at severity 3 drifts, fails the
 * gate, and fog ranks among the closest perturbations; a robustness run of the same models supplies the
 * candidate's agreement at the perturbations the field resembles; bad input exits 2 with nothing written.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DriftReportSchema, type DriftReport } from '../../shared/drift/drift-report.js';
import { decodeImage } from '../../main/engine/images/index.js';
import { perturbImage } from '../../main/engine/perturb/index.js';
import { writeAlteredModel } from '../helpers/altered-model.js';
import { removeScratchDirs, runCli, SAMPLE, scratchDir } from '../helpers/cli.js';

let work: string;
const upright = path.join(SAMPLE.images, '0');
const env = (): Record<string, string> => ({ PARITY_DATA_DIR: path.join(work, 'data'), PARITY_CACHE_DIR: path.join(work, 'cache') });
const readDrift = (dir: string): DriftReport => DriftReportSchema.parse(JSON.parse(readFileSync(path.join(dir, 'drift.json'), 'utf8')));
const withModel = ['--model', SAMPLE.model, '--preprocess', SAMPLE.preprocess];

/** Copies every other file of a folder into `a`, the rest into `b`. */
function halves(source: string, a: string, b: string): void {
  mkdirSync(a, { recursive: true });
  mkdirSync(b, { recursive: true });
  readdirSync(source)
    .sort()
    .forEach((name, i) => copyFileSync(path.join(source, name), path.join(i % 2 === 0 ? a : b, name)));
}

/** The folder's images under fog at severity 3, written as PNG (the field a foggy week brings). */
async function fogged(source: string, target: string): Promise<void> {
  mkdirSync(target, { recursive: true });
  for (const name of readdirSync(source).sort()) {
    const image = await perturbImage(await decodeImage(path.join(source, name)), { name: 'fog', severity: 3, seed: 0 });
    await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } }).png().toFile(path.join(target, name));
  }
}

beforeAll(async () => {
  work = scratchDir('parity-cli-drift-');
  halves(upright, path.join(work, 'half-a'), path.join(work, 'half-b'));
  await fogged(upright, path.join(work, 'fog3'));
});
afterAll(removeScratchDirs);

describe('parity drift', { timeout: 300_000 }, () => {
  it('reports no drift between two halves of one folder: every statistic stable, features unshifted, the gate passes', async () => {
    const out = path.join(work, 'halves');
    const run = await runCli(
      ['drift', '--reference', path.join(work, 'half-a'), '--field', path.join(work, 'half-b'), ...withModel, '--out', out, '--fail-over', 'psi=0.2,mmd-p=0.01', '--quiet'],
      { env: env(), timeoutMs: 300_000 },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Gate passed/);
    const report = readDrift(out);
    expect(report.reference.images).toBe(50);
    expect(report.field.images).toBe(50);
    expect(report.gate.passed).toBe(true);
    expect(report.statistics.map((s) => s.level)).toEqual(report.statistics.map(() => 'stable'));
    for (const s of report.statistics) expect(s.psi!).toBeLessThanOrEqual(0.2);
    const features = report.model!.features!;
    expect(features.dims).toBe(200);
    expect(features.tensor).toBe('reshape2_0.tmp_0');
    expect(features.sample).toMatchObject({ reference: 50, field: 50, capacity: 500 });
    expect(features.pValue).toBeGreaterThan(0.01);
    expect(report.model!.outputs!.classes).toBe(2);
    // No perturbation explains the field better than the reference itself.
    expect(report.resembles.filter((r) => r.closerThanClean).length).toBeLessThanOrEqual(2);
    expect(existsSync(path.join(out, 'drift.html'))).toBe(true);
  });

  it('finds fog among the closest perturbations when the field is the folder under fog at severity 3, and fails the gate', async () => {
    const out = path.join(work, 'fog');
    const json = path.join(work, 'copies', 'fog.json');
    mkdirSync(path.dirname(json), { recursive: true });
    const run = await runCli(['drift', '--reference', upright, '--field', path.join(work, 'fog3'), '--out', out, '--json', json, '--fail-over', 'psi=0.2', '--quiet'], {
      env: env(),
      timeoutMs: 300_000,
    });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toMatch(/Gate FAILED: psi [\d.]+ \((sharpness|contrast|noise)\) is over 0\.2/);
    const report = readDrift(out);
    expect(readFileSync(json, 'utf8')).toBe(readFileSync(path.join(out, 'drift.json'), 'utf8'));
    expect(report.gate.passed).toBe(false);
    // Fog lowers contrast and sharpness, and they are sorted first by how far they moved.
    const byName = Object.fromEntries(report.statistics.map((s) => [s.name, s]));
    expect(byName.contrast!.level).toBe('shifted');
    expect(byName.contrast!.field.median!).toBeLessThan(byName.contrast!.reference.median!);
    expect(byName.sharpness!.field.median!).toBeLessThan(byName.sharpness!.reference.median!);
    expect(byName.contrast!.pValue!).toBeLessThan(1e-6);
    const psis = report.statistics.map((s) => s.psi ?? -1);
    expect([...psis].sort((a, b) => b - a)).toEqual(psis);
    expect(byName.resolution!.psi).toBe(0);
    expect(report.resemblance!.perturbations).toBe(22 * 5);
    expect(report.resembles).toHaveLength(110);
    const closest = report.resembles.slice(0, 3);
    expect(closest.map((r) => r.name)).toContain('fog');
    expect(report.resembles[0]!.closerThanClean).toBe(true);
    expect(report.resembles.find((r) => r.name === 'fog' && r.severity === 3)!.distance).toBeLessThan(report.resemblance!.cleanDistance / 2);
    expect(report.headline).toMatch(/looks most like/);
    const page = readFileSync(path.join(out, 'drift.html'), 'utf8');
    expect(page).toMatch(/default-src (&#39;|')none(&#39;|')/);
    expect(page).toMatch(/<h2 id="resembles-title">What the field resembles<\/h2>/);
    // Resolution, aspect ratio and JPEG quality are one value in every image: said in words, not drawn.
    expect(page.match(/<figure class="chart"/g)).toHaveLength(7);
    expect(page).toMatch(/The same in every image of both folders: resolution 0\.0154, aspect ratio 6\.67, jpeg quality 100\./);
    expect(page).not.toMatch(/(src|href)="https?:/);
  });

  it("reads the candidate's agreement at the perturbations the field resembles from a robustness run of the same models", async () => {
    const candidate = path.join(work, 'altered.onnx');
    await writeAlteredModel(SAMPLE.model, candidate, 0.05);
    const runDir = path.join(work, 'robustness');
    const compare = await runCli(
      ['compare', SAMPLE.model, candidate, '--images', SAMPLE.images, '--preprocess', SAMPLE.preprocess, '--max-images', '24', '--perturb', 'fog', '--severity', '1-5', '--no-bench', '--quiet', '--out', runDir],
      { env: env(), timeoutMs: 300_000 },
    );
    expect(compare.code, compare.stderr).toBe(0);
    const out = path.join(work, 'linked');
    const run = await runCli(
      ['drift', '--reference', upright, '--field', path.join(work, 'fog3'), ...withModel, '--candidate', candidate, '--run', runDir, '--perturb', 'fog,contrast', '--out', out, '--quiet'],
      { env: env(), timeoutMs: 300_000 },
    );
    expect(run.code, run.stderr).toBe(0);
    const report = readDrift(out);
    expect(report.robustnessRun!.sameModels).toBe(true);
    const runReport = JSON.parse(readFileSync(path.join(runDir, 'report.json'), 'utf8')) as { perturbations: Array<{ name: string; severity: number; metrics: { top1Agreement: number } }> };
    const top = report.resembles[0]!;
    expect(top.name).toBe('fog');
    expect(top.agreement).toBe(runReport.perturbations.find((p) => p.name === 'fog' && p.severity === top.severity)!.metrics.top1Agreement);
    expect(report.resembles.filter((r) => r.name === 'contrast').every((r) => r.agreement === null)).toBe(true);
    expect(report.headline).toMatch(/there the candidate agrees with the original on \d+(\.\d)?% of images/);
    const c = report.model!.candidate!;
    expect(c.agreement.reference).toBeGreaterThan(0);
    expect(c.agreement.field).toBeGreaterThan(0);
    expect(c.agreement.reference).toBeLessThanOrEqual(1);
  });

  it('exits 2 on bad input and writes nothing', async () => {
    const out = path.join(work, 'bad');
    const cases: Array<[string[], RegExp]> = [
      [['--reference', path.join(work, 'missing'), '--field', upright], /reference folder/],
      [['--reference', upright], /needs --reference <dir> and --field <dir>/],
      [['--reference', upright, '--field', upright, '--fail-over', 'psi=high'], /needs a non-negative number/],
      [['--reference', upright, '--field', upright, '--fail-over', 'accuracy=0.2'], /Unknown drift gate measure/],
      [['--reference', upright, '--field', upright, '--fail-over', 'mmd-p=0.01'], /mmd-p needs --model/],
      [['--reference', upright, '--field', upright, '--candidate', SAMPLE.model], /--candidate needs --model/],
      [['--reference', upright, '--field', upright, '--run', upright], /not a compare run folder/],
      [['--reference', upright, '--field', upright, '--model', SAMPLE.model, '--preprocess', SAMPLE.preprocess, '--feature-node', 'nope'], /no tensor or node called "nope"/],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(['drift', ...args, '--out', out, '--quiet'], { env: env() });
      expect(run.code, `${args.join(' ')}\n${run.stderr}`).toBe(2);
      expect(run.stderr).toMatch(message);
    }
    expect(existsSync(path.join(out, 'drift.json'))).toBe(false);
  });

  it('skips an unreadable field image with its reason and measures the rest', async () => {
    const field = path.join(work, 'with-corrupt');
    halves(upright, field, path.join(work, 'unused'));
    writeFileSync(path.join(field, 'zz-truncated.png'), readFileSync(path.join(upright, 'line-000.png')).subarray(0, 300));
    const out = path.join(work, 'corrupt');
    const run = await runCli(['drift', '--reference', upright, '--field', field, '--perturb', 'none', '--out', out, '--quiet'], { env: env() });
    expect(run.code, run.stderr).toBe(0);
    const report = readDrift(out);
    expect(report.field.images).toBe(50);
    expect(report.field.skipped).toEqual([expect.objectContaining({ path: 'zz-truncated.png' })]);
    expect(report.resemblance).toBeNull();
  });
});
