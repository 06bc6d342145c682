/**
 * `parity compare --postprocess` through the real CLI, engine process and ONNX Runtime on a YOLO-style detector built
 * in code: compared with itself every detection figure is 1; a candidate that misses dim objects loses recall and
 * mAP, fails `--fail-under detection.map50=0.95`, scores lower than the reference against `--boxes`, and gets a
 * corruption error on mAP under a perturbation; the CSV has the boxes per image and the report's gallery draws them.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParityReportSchema, type ParityReport } from '../../shared/report/report.js';
import { removeScratchDirs, runCli, scratchDir } from '../helpers/cli.js';
import { TINY_POSTPROCESS, TINY_PREPROCESS, writeSquaresImage, writeTinyDetector, type Square } from '../helpers/tiny-detector.js';

let work: string;
const env = (): Record<string, string> => ({ PARITY_DATA_DIR: path.join(work, 'data'), PARITY_CACHE_DIR: path.join(work, 'cache') });
const readReport = (dir: string): ParityReport => ParityReportSchema.parse(JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')));

const BRIGHT_RED: Square['rgb'] = [255, 40, 40];
const BRIGHT_BLUE: Square['rgb'] = [40, 40, 255];
const DIM_RED: Square['rgb'] = [160, 30, 30];
const DIM_BLUE: Square['rgb'] = [30, 30, 160];
/** Reference boxes 5 (every square), candidate 3 (the bright ones). */
const IMAGES: Record<string, Square[]> = {
  'a.png': [
    { col: 0, row: 0, rgb: BRIGHT_RED },
    { col: 2, row: 1, rgb: BRIGHT_BLUE },
  ],
  'b.png': [
    { col: 1, row: 1, rgb: BRIGHT_RED },
    { col: 3, row: 3, rgb: DIM_RED },
  ],
  'c.png': [{ col: 2, row: 2, rgb: DIM_BLUE }],
  'd.png': [],
};

let reference: string;
let candidate: string;
let images: string;
let truth: string;
let post: string;
let pre: string;

beforeAll(async () => {
  work = scratchDir('parity-cli-detect-');
  reference = path.join(work, 'ref.onnx');
  candidate = path.join(work, 'cand.onnx');
  writeTinyDetector(reference, 0.2);
  writeTinyDetector(candidate, 0.35);
  images = path.join(work, 'images');
  truth = path.join(work, 'labels');
  mkdirSync(images);
  mkdirSync(truth);
  for (const [name, squares] of Object.entries(IMAGES)) {
    const lines = await writeSquaresImage(path.join(images, name), squares);
    writeFileSync(path.join(truth, name.replace('.png', '.txt')), lines.join('\n') + '\n');
  }
  post = path.join(work, 'post.json');
  pre = path.join(work, 'pre.json');
  writeFileSync(post, JSON.stringify(TINY_POSTPROCESS));
  writeFileSync(pre, JSON.stringify(TINY_PREPROCESS));
});
afterAll(removeScratchDirs);

const common = (): string[] => ['--images', images, '--preprocess', pre, '--postprocess', post, '--quiet', '--no-bench'];

describe('parity compare --postprocess', () => {
  it('a detector compared with itself: mAP, precision, recall and matched IoU are 1, the gate on detection.map50 passes', async () => {
    const out = path.join(work, 'self');
    const run = await runCli(['compare', reference, reference, ...common(), '--out', out, '--fail-under', 'detection.map50=0.95'], { env: env(), timeoutMs: 180_000 });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/mAP@0\.5 \/ 0\.5:0\.95\s+100\.00% \/ 100\.00%/);
    const report = readReport(out);
    const d = report.summary.clean.detection!;
    expect(d).toMatchObject({ map50: 1, map50_95: 1, precision: 1, recall: 1, matchedIou: 1, classAgreement: 1, countDelta: 0, referenceBoxes: 5, candidateBoxes: 5 });
    expect(report.postprocess).toMatchObject({ kind: 'yolo', scoreThreshold: 0.25, iouThreshold: 0.45, nms: 'per-class', maxDetections: 100, classes: ['red', 'blue'] });
  });

  it('a candidate that misses the dim objects: recall 3/5, fails the gate, lower mAP against --boxes, CE on mAP under noise, boxes in the CSV and the gallery', async () => {
    const out = path.join(work, 'dim');
    const args = ['compare', reference, candidate, ...common(), '--out', out, '--boxes', truth, '--fail-under', 'detection.map50=0.95'];
    const run = await runCli([...args, '--perturb', 'gaussian_noise', '--severity', '1'], { env: env(), timeoutMs: 300_000 });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toMatch(/detection\.map50 .* is below 0\.95/);
    const report = readReport(out);
    const d = report.summary.clean.detection!;
    expect(d).toMatchObject({ referenceBoxes: 5, candidateBoxes: 3, truePositives: 3, precision: 1, recall: 0.6, matchedIou: 1, classAgreement: 1 });
    expect(d.map50!).toBeLessThan(0.95);
    expect(d.countDelta).toBeCloseTo(2 / 4, 12);
    expect(d.accuracy).toMatchObject({ truth: 'boxes', reference: { map50: 1, map50_95: 1 } });
    expect(d.accuracy!.candidate.map50!).toBeLessThan(1);
    expect(report.boxes).toMatchObject({ format: 'yolo', images: 4, boxes: 5 });

    const b = report.perImage.find((i) => i.path === 'b.png')!.outputs.find((o) => o.kind === 'detection')!.detection!;
    expect(b.reference.map((r) => [r.box, r.class, r.match !== null])).toEqual([
      [[16, 16, 32, 32], 0, true],
      [[48, 48, 64, 64], 0, false],
    ]);
    expect(b.candidate).toHaveLength(1);

    const noise = report.perturbations!.find((p) => p.name === 'gaussian_noise')!;
    expect(noise.metrics.detection!.referenceBoxes).toBeGreaterThan(0);
    expect(noise.error).not.toBeNull();
    expect(report.robustness!.errorMeasure).toBe('mAP@0.5');
    expect(report.robustness!.cleanError).toEqual({ reference: 1 - d.accuracy!.reference.map50!, candidate: 1 - d.accuracy!.candidate.map50! });
    const ce = report.robustness!.perPerturbation!.find((p) => p.name === 'gaussian_noise')!;
    expect(ce.errorSum.candidate).toBe(noise.error!.candidate);

    const csv = readFileSync(path.join(out, 'report.csv'), 'utf8').trim().split('\n');
    const header = csv[0]!.split(',');
    const row = csv.find((line) => line.startsWith('b.png'))!.split(',');
    const cell = (name: string): string => row[header.indexOf(name)]!;
    expect([cell('reference_boxes'), cell('candidate_boxes'), cell('matched_boxes'), cell('matched_iou')]).toEqual(['2', '1', '1', '1']);

    // The gallery draws both models' boxes over the images that differ (b and c), the dim squares marked unmatched.
    const html = readFileSync(path.join(out, 'report.html'), 'utf8');
    const gallery = html.slice(html.indexOf('id="gallery"'));
    expect(gallery.match(/<svg class="detections"/g)).toHaveLength(2);
    expect(gallery.match(/<g class="box reference unmatched">/g)).toHaveLength(2);
    expect(gallery.match(/<g class="box candidate">/g)).toHaveLength(1);
    expect(gallery).toContain('<title>reference: red 0.');
    expect(gallery).toContain('no candidate box matches it');
  });

  it('refuses a spec that reads an output the model lacks, a spec that is not JSON and --boxes that do not exist, with exit 2 and nothing written', async () => {
    const bad = path.join(work, 'bad-output.json');
    writeFileSync(bad, JSON.stringify({ kind: 'yolo', output: 'nope' }));
    const notJson = path.join(work, 'not-json.json');
    writeFileSync(notJson, '{"kind": "yolo",');
    const cases: Array<[string[], RegExp]> = [
      [['--postprocess', bad], /reads "nope", which the model does not output[\s\S]*The model's outputs: output/],
      [['--postprocess', notJson], /--postprocess/],
      [['--postprocess', post, '--boxes', path.join(work, 'missing.json')], /missing\.json/],
    ];
    for (const [flags, message] of cases) {
      const out = path.join(work, `bad-${flags.length}-${path.basename(flags[1]!)}`);
      const run = await runCli(['compare', reference, candidate, '--images', images, '--preprocess', pre, '--quiet', '--no-bench', '--out', out, ...flags], { env: env(), timeoutMs: 120_000 });
      expect(run.code, run.stdout + run.stderr).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(existsSync(path.join(out, 'report.json'))).toBe(false);
    }
  });
});
