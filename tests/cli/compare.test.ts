import { existsSync, readFileSync, readdirSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParityReportSchema, type ParityReport } from '../../shared/report/report.js';
import { removeScratchDirs, runCli, SAMPLE, scratchDir } from '../helpers/cli.js';
import { writeAlteredModel } from '../helpers/altered-model.js';

let work: string;
let altered: string;
const env = (): Record<string, string> => ({ PARITY_DATA_DIR: path.join(work, 'data'), PARITY_CACHE_DIR: path.join(work, 'cache') });
const sampleArgs = ['--images', SAMPLE.images, '--labels', SAMPLE.labels, '--preprocess', SAMPLE.preprocess, '--quiet'];

function readReport(file: string): ParityReport {
  return ParityReportSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

beforeAll(async () => {
  work = scratchDir('parity-cli-compare-');
  altered = path.join(work, 'cls-altered.onnx');
  expect(await writeAlteredModel(SAMPLE.model, altered, 0.6)).toBeGreaterThan(5);
});
afterAll(removeScratchDirs);

describe('parity compare', () => {
  it('compares a model with itself: agreement exactly 1, every error 0, all three reports written', async () => {
    const out = path.join(work, 'self');
    const files = { json: path.join(work, 'self.json'), html: path.join(work, 'self.html'), csv: path.join(work, 'self.csv') };
    const run = await runCli(
      ['compare', SAMPLE.model, SAMPLE.model, ...sampleArgs, '--out', out, '--json', files.json, '--report', files.html, '--csv', files.csv, '--fail-under', 'top1Agreement=1,maxAbsDiff<=0'],
      { env: env() },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('top-1 agreement   100.00%');
    const report = readReport(files.json);
    expect(report.images.count).toBe(200);
    expect(report.images.skipped).toEqual([]);
    const s = report.summary.clean;
    expect(s.top1Agreement).toBe(1);
    expect(s.top5Overlap).toBe(1);
    expect(s.maxAbsDiff).toBe(0);
    expect(s.meanAbsDiff).toBe(0);
    expect(s.klDivergence).toBe(0);
    expect(s.cosine).toBe(1);
    expect(s.allcloseRate).toBe(1);
    expect(s.accuracy).not.toBeNull();
    expect(s.accuracy!.reference).toBe(s.accuracy!.candidate);
    expect(s.accuracy!.reference).toBeGreaterThanOrEqual(0.95);
    expect(report.gate.passed).toBe(true);
    expect(report.outputs[0]).toMatchObject({ kind: 'classification', classes: 2, logits: false });
    expect(report.perImage[0]!.reference.topK[0]!.label).toMatch(/^(0|180)$/);
    // The copies are the run folder's files, byte for byte.
    expect(readFileSync(files.json, 'utf8')).toBe(readFileSync(path.join(out, 'report.json'), 'utf8'));
    const csv = readFileSync(files.csv, 'utf8').trim().split('\n');
    expect(csv).toHaveLength(201);
    expect(csv[0]).toMatch(/^path,label,reference_top1/);
    const html = readFileSync(files.html, 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="https?:/i);
    // Nothing half-written or temporary is left behind.
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('shows the disagreement of a copy whose weights were altered, and fails the gate with exit 1', async () => {
    const json = path.join(work, 'altered.json');
    const run = await runCli(
      ['compare', SAMPLE.model, altered, ...sampleArgs, '--out', path.join(work, 'altered'), '--json', json, '--fail-under', 'top1Agreement=1,maxAbsDiff<=1e-6'],
      { env: env() },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Gate: FAILED');
    const report = readReport(json);
    const s = report.summary.clean;
    expect(s.maxAbsDiff).toBeGreaterThan(1e-3);
    expect(s.klDivergence!).toBeGreaterThan(0);
    expect(s.cosine!).toBeLessThan(1);
    expect(s.allcloseRate).toBeLessThan(1);
    expect(report.gate.passed).toBe(false);
    expect(report.gate.failures.map((f) => f.metric)).toContain('maxAbsDiff');
    // Images are ranked by disagreement; the worst one disagrees more than the median one.
    const sorted = [...report.perImage].sort((a, b) => b.disagreement - a.disagreement);
    expect(sorted[0]!.disagreement).toBeGreaterThan(sorted[100]!.disagreement);
  });

  it('passes a gate the candidate meets with exit 0', async () => {
    const run = await runCli(
      ['compare', SAMPLE.model, altered, ...sampleArgs, '--out', path.join(work, 'lenient'), '--fail-under', 'maxAbsDiff<=1,accuracy=0.5'],
      { env: env() },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Gate: passed');
  });

  it('skips non-images, empty, corrupt and bomb files with reasons and completes for the rest', async () => {
    const images = path.join(work, 'mixed');
    mkdirSync(images, { recursive: true });
    const real = readdirSync(path.join(SAMPLE.images, '0')).slice(0, 4);
    for (const f of real) copyFileSync(path.join(SAMPLE.images, '0', f), path.join(images, f));
    writeFileSync(path.join(images, 'notes.txt'), 'not an image');
    writeFileSync(path.join(images, 'empty.png'), '');
    const jpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#888' } }).jpeg().toBuffer();
    writeFileSync(path.join(images, 'truncated.jpg'), jpeg.subarray(0, jpeg.length >> 1));
    // A PNG header claiming 100000 × 100000 pixels: a decompression bomb.
    const png = Buffer.from(await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } }).png().toBuffer());
    png.writeUInt32BE(100_000, 16);
    png.writeUInt32BE(100_000, 20);
    writeFileSync(path.join(images, 'bomb.png'), png);
    const json = path.join(work, 'mixed.json');
    const started = Date.now();
    const run = await runCli(['compare', SAMPLE.model, SAMPLE.model, '--images', images, '--preprocess', SAMPLE.preprocess, '--json', json, '--quiet', '--out', path.join(work, 'mixed-run')], { env: env() });
    expect(run.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(60_000);
    const report = readReport(json);
    expect(report.images.count).toBe(4);
    const skipped = new Map(report.images.skipped.map((s) => [s.path, s.reason]));
    expect([...skipped.keys()].sort()).toEqual(['bomb.png', 'empty.png', 'notes.txt', 'truncated.jpg']);
    for (const reason of skipped.values()) expect(reason.length).toBeGreaterThan(5);
    expect(run.stdout).toContain('4 skipped');
  });

  it('says which preprocessing fields it needs when the input has symbolic dims', async () => {
    const run = await runCli(['compare', SAMPLE.model, SAMPLE.model, '--images', SAMPLE.images, '--quiet', '--out', path.join(work, 'symbolic')], { env: env() });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/symbolic height and width/);
    expect(run.stderr).toMatch(/hint: /);
    expect(existsSync(path.join(work, 'symbolic', 'report.json'))).toBe(false);
  });
});
