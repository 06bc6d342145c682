/**
 * Outputs saved by another framework as the reference (--reference-outputs): the real classifier's outputs on the
 * sample images, preprocessed as the comparison does, saved per image or in one archive, in float32 or float16,
 * with the batch dimension or without; and the refusals: a shape or dtype that cannot be compared, perturbations.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompareParamsSchema, type CompareParams } from '../../../../shared/contract/jobs/compare.js';
import { ParityError } from '../../../../shared/errors.js';
import { ParityReportSchema, type ParityReport } from '../../../../shared/report/report.js';
import type { PreprocessSpec } from '../../../../shared/preprocess.js';
import { decodeFitted, listImages, toTensor } from '../../../../main/engine/images/index.js';
import { ModelSession } from '../../../../main/engine/infer/model-session.js';
import { createJobContext } from '../../../../main/engine/jobs/context.js';
import { toFloat16Array } from '../../../../main/engine/onnx/index.js';
import { runComparison } from '../../../../main/engine/parity/compare/run-comparison.js';
import { removeScratchDirs, SAMPLE, scratchDir } from '../../../helpers/cli.js';
import { npyBytes, npzBytes } from '../../../helpers/npy-writer.js';

const SPEC = JSON.parse(readFileSync(SAMPLE.preprocess, 'utf8')) as PreprocessSpec;
const IMAGES = 16;
let work: string;
/** The classifier's output [1, 2] on each of the first images (spread as --max-images spreads them). */
const outputs = new Map<string, Float32Array>();

beforeAll(async () => {
  work = scratchDir('parity-saved-');
  const { entries } = await listImages(SAMPLE.images, { withLabels: false, maxImages: IMAGES });
  const session = await ModelSession.open(SAMPLE.model, { threads: 1, optimizationLevel: 'all' });
  try {
    for (const entry of entries) {
      const tensor = toTensor(await decodeFitted(entry.absPath, SPEC), SPEC);
      const result = await session.run({ x: { data: tensor.data, dims: tensor.dims, dtype: 'float32' } });
      outputs.set(entry.relPath, result['softmax_0.tmp_0']!.data);
    }
  } finally {
    await session.release();
  }
});
afterAll(removeScratchDirs);

function saveFiles(name: string, write: (relPath: string, values: Float32Array) => [string, Buffer] | null): string {
  const dir = path.join(work, name);
  for (const [relPath, values] of outputs) {
    const file = write(relPath, values);
    if (!file) continue;
    mkdirSync(path.dirname(path.join(dir, file[0])), { recursive: true });
    writeFileSync(path.join(dir, file[0]), file[1]);
  }
  return dir;
}

async function compare(params: Partial<CompareParams>): Promise<ParityReport> {
  const runDir = path.join(scratchDir('parity-saved-run-'), 'run');
  const ctx = createJobContext('test', new AbortController().signal, () => {}, () => {});
  await runComparison(CompareParamsSchema.parse({ candidate: SAMPLE.model, images: SAMPLE.images, preprocess: SPEC, maxImages: IMAGES, bench: false, runDir, ...params }), ctx);
  return ParityReportSchema.parse(JSON.parse(readFileSync(path.join(runDir, 'report.json'), 'utf8')));
}

async function refusal(params: Partial<CompareParams>): Promise<ParityError> {
  const error = await compare(params).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ParityError);
  return error as ParityError;
}

describe('--reference-outputs', () => {
  it('a .npy per image, float32 [1, 2]: identical to the model Parity runs, the output named after the candidate\'s', async () => {
    const dir = saveFiles('npy', (rel, v) => [`${rel}.npy`, npyBytes(v, [1, 2], 'float32')]);
    const report = await compare({ referenceOutputs: dir });
    expect(report.images.count).toBe(IMAGES);
    expect(report.summary.clean.top1Agreement).toBe(1);
    expect(report.summary.clean.maxAbsDiff).toBe(0);
    expect(report.models.reference).toMatchObject({ path: dir, sha256: null, sizeBytes: null, inputs: [] });
    expect(report.models.reference.source).toEqual({ kind: 'outputs', path: dir, layout: 'files', dtypes: { 'softmax_0.tmp_0': 'float32' } });
    expect(report.models.reference.outputs[0]).toMatchObject({ name: 'softmax_0.tmp_0', shape: [1, 2] });
    // Saved outputs are not timed: no serving pass, no performance section.
    expect(report.servingRun).toBeUndefined();
    expect(report.performance).toBeUndefined();
  });

  it('one .npz archive of float16 arrays without the batch dimension: compared as float32, within float16\'s rounding', async () => {
    const members = new Map([...outputs].map(([rel, v]) => [rel, npyBytes(toFloat16Array(v).bits, [2], 'float16')]));
    const archive = path.join(work, 'all.npz');
    writeFileSync(archive, npzBytes(members, true));
    const report = await compare({ referenceOutputs: archive });
    expect(report.summary.clean.top1Agreement).toBe(1);
    expect(report.summary.clean.maxAbsDiff).toBeGreaterThan(0);
    expect(report.summary.clean.maxAbsDiff).toBeLessThan(1e-3);
    expect(report.models.reference.source).toMatchObject({ layout: 'archive', dtypes: { 'softmax_0.tmp_0': 'float16' } });
  });

  it('an .npz per image keyed by output name; images without a saved output are skipped with the reason', async () => {
    let left = 2;
    const dir = saveFiles('npz', (rel, v) => (left-- > 0 ? null : [`${rel}.npz`, npzBytes(new Map([['softmax_0.tmp_0', npyBytes(v, [1, 2], 'float32')]]))]));
    const report = await compare({ referenceOutputs: dir });
    expect(report.images.count).toBe(IMAGES - 2);
    expect(report.images.skipped).toHaveLength(2);
    expect(report.images.skipped[0]!.reason).toMatch(/^no saved output for this image \(looked for .+\.npy or \.npz\)$/);
    expect(report.summary.clean.maxAbsDiff).toBe(0);
  });

  it('refuses a saved shape that differs from the candidate\'s, naming both shapes', async () => {
    const dir = saveFiles('wide', (rel) => [`${rel}.npy`, npyBytes(new Float32Array(3), [1, 3], 'float32')]);
    const error = await refusal({ referenceOutputs: dir });
    expect(error.code).toBe('MODEL_MISMATCH');
    // The candidate's batch dimension is symbolic: shown by its name in the model.
    expect(error.message).toBe(`Output "softmax_0.tmp_0" is float32 [1, 3] in the saved outputs (${dir}) but float32 [p2o.DynamicDimension.3, 2] in the candidate: the shapes differ.`);
  });

  it('refuses integer outputs against the candidate\'s float ones, naming both dtypes', async () => {
    const dir = saveFiles('int', (rel) => [`${rel}.npy`, npyBytes(new BigInt64Array(2), [1, 2], 'int64')]);
    const error = await refusal({ referenceOutputs: dir });
    expect(error.message).toMatch(/is int64 \[1, 2\] in the saved outputs .+ but float32 \[p2o\.DynamicDimension\.3, 2\] in the candidate: the dtypes differ/);
  });

  it('refuses perturbations and a second reference before anything runs', async () => {
    const dir = saveFiles('npy2', (rel, v) => [`${rel}.npy`, npyBytes(v, [1, 2], 'float32')]);
    const perturbed = await refusal({ referenceOutputs: dir, perturb: ['fog'], severities: [1] });
    expect(perturbed.code).toBe('BAD_OPTION');
    expect(perturbed.message).toMatch(/--perturb cannot be used with --reference-outputs/);
    const twice = await refusal({ referenceOutputs: dir, reference: SAMPLE.model });
    expect(twice.message).toBe('Give one reference, not a reference model and --reference-outputs.');
    const empty = await refusal({ referenceOutputs: path.join(work, 'nothing-here') });
    expect(empty.message).toMatch(/^Saved outputs not found/);
  });
});
