/**
 * The search on the real PaddleOCR models: a reachable target is met and the chosen file really meets it when
 * compared afterwards (the same figure, through the same pipeline); an unreachable one keeps the most accurate and
 * says so; --budget bounds the work; a dense target on the detector; a perturbation target agrees with compare
 * --perturb; cancelling leaves nothing behind.
 */
import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompareParamsSchema } from '../../../../shared/contract/jobs/compare.js';
import { ConvertParamsSchema, type ConvertParams } from '../../../../shared/contract/jobs/convert.js';
import { ParityError } from '../../../../shared/errors.js';
import { parseGateSpec } from '../../../../shared/gate-spec.js';
import type { SearchSection } from '../../../../shared/report/search-section.js';
import { convertJob } from '../../../../main/engine/convert/convert-job.js';
import { targetMargin } from '../../../../main/engine/convert/search/choose.js';
import { createJobContext } from '../../../../main/engine/jobs/context.js';
import { runComparison } from '../../../../main/engine/parity/compare/run-comparison.js';
import { locateDetector, locateSample } from '../../../../main/engine/samples/index.js';
import { jobContext } from '../helpers.js';
import { removeTempDirs, tempDir } from '../../onnx/model-builders.js';

afterAll(removeTempDirs);
const cls = locateSample();
const det = locateDetector();
const dir = tempDir('parity-search-');
const SLOW = 900_000;
let val = '';

beforeAll(() => {
  // 40 validation lines, 20 per class, copied out of the sample as a user's --val folder would be.
  val = path.join(dir, 'val');
  for (const label of ['0', '180']) {
    mkdirSync(path.join(val, label), { recursive: true });
    for (const f of readdirSync(path.join(cls.imagesDir, label)).sort().slice(0, 20)) cpSync(path.join(cls.imagesDir, label, f), path.join(val, label, f));
  }
});

function searchParams(name: string, target: string, search: Record<string, unknown>, extra: Partial<ConvertParams> = {}): ConvertParams {
  return {
    model: cls.modelPath,
    recipe: 'int8-static',
    output: path.join(dir, name, 'cls.int8.onnx'),
    calib: cls.imagesDir,
    calibSize: 60,
    preprocess: cls.preprocess,
    search: { target: parseGateSpec(target), targetText: target, ...search },
    ...extra,
  };
}

async function search(params: ConvertParams, ctx = jobContext()) {
  return convertJob(ConvertParamsSchema.parse(params), ctx);
}

async function compare(reference: string, candidate: string, images: string, extra: Record<string, unknown>) {
  return runComparison(
    CompareParamsSchema.parse({ reference, candidate, images, runDir: path.join(dir, `run-${path.basename(path.dirname(candidate))}`), bench: false, ...extra }),
    jobContext(),
  );
}

function checkCandidates(s: SearchSection): void {
  for (const c of s.candidates) {
    expect(c.failed).toBeNull();
    expect(c.latencyRatio!.ci95[0]).toBeLessThanOrEqual(c.latencyRatio!.median);
    expect(c.latencyRatio!.ci95[1]).toBeGreaterThanOrEqual(c.latencyRatio!.median);
    expect(c.latencyRatio!.rounds).toBeGreaterThanOrEqual(15);
    if (c.recipe === 'int8-static') expect(c.sizeRatio!).toBeLessThan(0.4);
  }
}

describe('search on the PaddleOCR classifier', () => {
  it('meets a reachable target, and the chosen file meets it when compared afterwards', async () => {
    const result = await search(searchParams('reachable', 'top1Agreement>=0.95', { val, budgetSeconds: 120 }));
    const s = result.manifest.search!;
    console.log(s.verdict.join('\n'));
    expect(s.met).toBe(true);
    expect(s.validation).toMatchObject({ dir: val, images: 40, heldOut: false });
    checkCandidates(s);
    const chosen = s.candidates.find((c) => c.id === s.chosen)!;
    expect(chosen.recipe).toBe('int8-static');
    expect(chosen.meetsTarget).toBe(true);
    expect(result.manifest.recipe).toBe('int8-static');
    expect(result.manifest.options).toMatchObject({ perChannel: chosen.perChannel, calibMethod: chosen.calibMethod });
    // Met without keeping any node in float: the sensitivity pass was not needed.
    expect(s.sensitivity).toEqual([]);
    // The same images through `compare`: the same figure the search measured.
    const after = await compare(cls.modelPath, result.output, val, { preprocess: cls.preprocess, layers: false });
    expect(after.summary.top1Agreement).toBe(chosen.metric);
    expect(after.summary.top1Agreement!).toBeGreaterThanOrEqual(0.95);
    // Honest on this CPU: when no int8 candidate was measurably faster, the float variants were measured too.
    const floats = s.candidates.filter((c) => c.recipe !== 'int8-static').map((c) => c.recipe);
    if (s.int8Faster) {
      expect(s.verdict.join(' ')).not.toMatch(/No int8 candidate is faster/);
    } else {
      expect(floats).toEqual(['optimized', 'fp16-weights']);
      expect(s.verdict.join(' ')).toMatch(/No int8 candidate is faster than the original on this CPU/);
      const rec = s.candidates.find((c) => c.id === s.recommendation?.candidate)!;
      expect(rec.meetsTarget).toBe(true);
      expect(s.recommendation!.command).toContain(`--recipe ${rec.recipe}`);
    }
    expect(readdirSync(path.dirname(result.output)).sort()).toEqual(['cls.int8.manifest.json', 'cls.int8.onnx']);
  }, SLOW);

  it('keeps the most accurate candidate when the target cannot be met, and says so', async () => {
    // Only the float model itself differs by nothing; an int8 candidate keeps at least one node quantized.
    const target = 'top1Agreement>=0.99,maxAbsDiff<=0';
    const result = await search(searchParams('unreachable', target, { budgetSeconds: 200, maxValImages: 20 }, { calibSize: 30 }));
    const s = result.manifest.search!;
    console.log(s.verdict.join('\n'));
    expect(s.met).toBe(false);
    expect(s.validation.heldOut).toBe(true);
    expect(s.validation.images).toBe(20);
    expect(s.candidates.filter((c) => c.recipe === 'int8-static').length).toBeGreaterThan(1);
    expect(s.verdict[0]).toMatch(/^Search: none of the \d+ int8 candidate\(s\) meets top1Agreement>=0\.99,maxAbsDiff<=0; kept the most accurate/);
    const int8 = s.candidates.filter((c) => c.recipe === 'int8-static');
    const best = Math.max(...int8.map((c) => targetMargin(c, s.target)));
    expect(targetMargin(s.candidates.find((c) => c.id === s.chosen)!, s.target)).toBe(best);
    // Nodes kept in float are always the most sensitive ones, in the measured order.
    const ranked = s.sensitivity.filter((x) => x.aloneSqnrDb !== null).map((x) => x.node);
    for (const c of int8.filter((x) => x.excluded.length > 0)) expect(c.excluded).toEqual(ranked.slice(0, c.excluded.length));
    expect(s.sensitivity.every((x, i) => i === 0 || (x.aloneSqnrDb ?? Infinity) >= (s.sensitivity[i - 1]!.aloneSqnrDb ?? Infinity))).toBe(true);
    // The held-out images are never calibrated on: fewer than the 30 asked for remain of the seeded subset.
    expect(result.manifest.calibration!.images).toBeLessThan(30);
  }, SLOW);

  it('stops when the budget is spent, and checks the target under a perturbation as compare --perturb measures it', async () => {
    const result = await search(searchParams('fog', 'top1Agreement>=0.9', { val, budgetSeconds: 1, perturb: ['fog'], severity: 3 }));
    const s = result.manifest.search!;
    expect(s.candidates).toHaveLength(1);
    expect(s.stoppedBy).toBe('budget');
    expect(s.verdict.join(' ')).toContain('The budget of 1 s ran out');
    const c = s.candidates[0]!;
    expect(s.perturb).toEqual({ names: ['fog'], severity: 3 });
    expect(c.perturbed).toHaveLength(1);
    const fog = c.perturbed![0]!;
    expect(fog).toMatchObject({ perturbation: 'fog', severity: 3 });
    expect(c.meetsTarget).toBe(fog.meets && c.metric! >= 0.9);
    const after = await compare(cls.modelPath, result.output, val, { preprocess: cls.preprocess, perturb: ['fog'], severities: [3], layers: false });
    expect(after.robustness?.lowestAgreement?.value).toBe(fog.metric);
  }, SLOW);

  it('leaves nothing at the output when cancelled', async () => {
    const controller = new AbortController();
    const ctx = createJobContext('t', controller.signal, (p) => {
      if (p.stage === 'searching') controller.abort();
    }, () => {});
    const params = searchParams('cancelled', 'top1Agreement>=0.95', { val, budgetSeconds: 60 });
    await expect(search(params, ctx)).rejects.toSatisfy((e) => e instanceof ParityError && e.code === 'CANCELLED');
    expect(readdirSync(path.dirname(params.output))).toEqual([]);
  }, SLOW);
});

describe('search on the PaddleOCR detector', () => {
  it('meets a dense IoU target, the same IoU compare measures', async () => {
    const target = 'iou>=0.85';
    const output = path.join(dir, 'det', 'det.int8.onnx');
    const result = await search({
      model: det.modelPath,
      recipe: 'int8-static',
      output,
      calib: det.imagesDir,
      preprocess: det.preprocess,
      search: { target: parseGateSpec(target), targetText: target, val: det.imagesDir, maxValImages: 8, threshold: 0.3, budgetSeconds: 1 },
    });
    const s = result.manifest.search!;
    const c = s.candidates[0]!;
    console.log(s.verdict.join('\n'));
    expect(c.metrics).toHaveProperty('iou');
    expect(c.metric!).toBeGreaterThan(0.85);
    expect(s.met).toBe(true);
    expect(s.validation.images).toBe(8);
    const after = await compare(det.modelPath, output, det.imagesDir, { preprocess: det.preprocess, threshold: 0.3, maxImages: 8, layers: false });
    expect(after.summary.iou).toBe(c.metric);
  }, SLOW);
});
