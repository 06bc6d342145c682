/**
 * The viewer's predict job on real models: it feeds the image exactly as a run does, so a flip the run recorded under
 * a perturbation shows the same top-1 of both models with their top-5; a detector gets a heat map of where its maps
 * differ (none at all against itself).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PredictParamsSchema, PredictResultSchema, type PredictParams } from '../../../shared/contract/jobs/predict.js';
import { ParityReportSchema } from '../../../shared/report/report.js';
import { PerturbationSpecSchema } from '../../../shared/perturbations/index.js';
import { createJobContext } from '../../../main/engine/jobs/context.js';
import { predictJob } from '../../../main/engine/preview/predict-job.js';
import { heatColor } from '../../../main/engine/preview/heat-color.js';
import { writeAlteredModel } from '../../helpers/altered-model.js';
import { removeScratchDirs, runCli, SAMPLE, scratchDir } from '../../helpers/cli.js';

const ctx = () => createJobContext('t', new AbortController().signal, () => {}, () => {});
const run = async (params: PredictParams) => PredictResultSchema.parse(await predictJob(PredictParamsSchema.parse(params), ctx()));

let work: string;
let altered: string;
beforeAll(async () => {
  work = scratchDir('parity-predict-');
  altered = path.join(work, 'cls-altered.onnx');
  await writeAlteredModel(SAMPLE.model, altered, 0.08);
});
afterAll(removeScratchDirs);

describe('predict job', () => {
  it('gives the top-1 of both models that the run recorded for a flip under a perturbation, with their top-5', async () => {
    const out = path.join(work, 'run');
    const cli = await runCli(
      ['compare', SAMPLE.model, altered, '--images', SAMPLE.images, '--preprocess', SAMPLE.preprocess, '--labels', SAMPLE.labels, '--max-images', '24', '--perturb', 'motion_blur,speckle_noise', '--severity', '5', '--no-bench', '--quiet', '--out', out],
      { env: { PARITY_DATA_DIR: path.join(work, 'data'), PARITY_CACHE_DIR: path.join(work, 'cache') }, timeoutMs: 300_000 },
    );
    expect(cli.code, cli.stderr).toBe(0);
    const report = ParityReportSchema.parse(JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')));
    const flip = report.robustness!.flips!.examples[0]!;
    const result = await run({
      reference: SAMPLE.model,
      candidate: altered,
      image: path.join(report.images.root, flip.path),
      spec: report.preprocess,
      perturbation: PerturbationSpecSchema.parse({ name: flip.perturbation, severity: flip.severity, seed: report.robustness!.seed }),
    });
    expect(result.reference.topK).toHaveLength(2); // two classes: top-5 holds both
    expect(result.reference.topK[0]!.index).toBe(flip.reference.index);
    expect(result.candidate.topK[0]!.index).toBe(flip.candidate.index);
    expect(result.reference.topK[0]!.prob).toBeCloseTo(flip.reference.prob, 5);
    expect(result.candidate.topK[0]!.prob).toBeCloseTo(flip.candidate.prob, 5);
    expect(result.heatmap).toBeNull();
    // The clean image gives the run's clean top-k.
    const clean = report.perImage.find((r) => r.path === flip.path)!;
    const plain = await run({ reference: SAMPLE.model, candidate: altered, image: path.join(report.images.root, flip.path), spec: report.preprocess });
    expect(plain.reference.topK.map((e) => e.index)).toEqual(clean.reference.topK.map((e) => e.index));
    expect(plain.candidate.topK[0]!.prob).toBeCloseTo(clean.candidate.topK[0]!.prob, 5);
  }, 400_000);

  it('draws where a detector\'s maps differ as a heat map over the page, and nothing against itself', async () => {
    const detAltered = path.join(work, 'det-altered.onnx');
    await writeAlteredModel(SAMPLE.detector, detAltered, 0.05);
    const spec = { ...JSON.parse(readFileSync(SAMPLE.documentsPreprocess, 'utf8')), dtype: 'float32', layout: 'NCHW' };
    const page = path.join(SAMPLE.documents, 'page-00.png');
    const same = await run({ reference: SAMPLE.detector, candidate: SAMPLE.detector, image: page, spec, maxSide: 320 });
    expect(same.heatmap).not.toBeNull();
    expect(same.heatmap!.maxAbsDiff).toBe(0);
    const changed = await run({ reference: SAMPLE.detector, candidate: detAltered, image: page, spec, maxSide: 320 });
    expect(changed.reference.topK).toEqual([]);
    expect(changed.heatmap!.output).toBe('sigmoid_0.tmp_0');
    expect(changed.heatmap!.maxAbsDiff).toBeGreaterThan(0.01);
    expect(changed.heatmap!.meanAbsDiff).toBeLessThan(changed.heatmap!.maxAbsDiff);
    const { info } = await sharp(Buffer.from(changed.heatmap!.dataUri.split(',')[1]!, 'base64')).toBuffer({ resolveWithObject: true });
    expect(Math.max(info.width, info.height)).toBe(320);
  }, 300_000);

  it('colours the difference from black (none) to pale yellow (the largest)', () => {
    expect(heatColor(0)).toEqual([0, 0, 4]);
    expect(heatColor(1)).toEqual([252, 255, 164]);
    expect(heatColor(Number.NaN)).toEqual([0, 0, 4]);
    const mid = heatColor(0.5);
    expect(mid[0]).toBeGreaterThan(mid[2]);
  });
});
