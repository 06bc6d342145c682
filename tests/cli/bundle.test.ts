/**
 * `parity bundle` as a user runs it (the built CLI) on the real PaddleOCR models: the bundle takes the decoded
 * image of any size and agrees with the original fed Parity's preprocessing, its manifest records the spec, the
 * kernel choice and the checks, the programs are written next to it, `parity compare` accepts it as a candidate,
 * and bad input exits 2 with nothing written.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleManifestSchema } from '../../shared/contract/jobs/bundle.js';
import { ParityReportSchema } from '../../shared/report/report.js';
import { ModelSession } from '../../main/engine/infer/model-session.js';
import { decodeFitted, decodeImage, toTensor } from '../../main/engine/images/index.js';
import { removeScratchDirs, runCli, SAMPLE, scratchDir } from '../helpers/cli.js';
import { toBinary } from '@bufbuild/protobuf';
import { ModelProtoSchema, TensorProto_DataType } from '../../main/engine/onnx/index.js';
import { modelOf, node, valueInfo } from '../engine/onnx/model-builders.js';

let work: string;
const env = (): Record<string, string> => ({ PARITY_DATA_DIR: path.join(work, 'data'), PARITY_CACHE_DIR: path.join(work, 'cache') });
const spec = JSON.parse(readFileSync(SAMPLE.preprocess, 'utf8'));

beforeAll(() => {
  work = scratchDir('parity-cli-bundle-');
});
afterAll(removeScratchDirs);

describe('parity bundle', () => {
  const bundle = () => path.join(work, 'cls.bundle.onnx');

  it('writes the bundle, its manifest and the programs, and prints the kernel choice and the checks', async () => {
    const run = await runCli(
      ['bundle', SAMPLE.model, '--preprocess', SAMPLE.preprocess, '--images', SAMPLE.images, '--max-images', '12', '--labels', SAMPLE.labels, '--top-k', '5', '-o', bundle(), '--quiet'],
      { env: env() },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Wrote ${bundle()}`);
    expect(run.stdout).toMatch(/linear-antialias .* ← used/);
    const manifest = BundleManifestSchema.parse(JSON.parse(readFileSync(path.join(work, 'cls.bundle.manifest.json'), 'utf8')));
    expect(manifest.input).toEqual({ name: 'image', dtype: 'uint8', shape: [1, 'height', 'width', 3] });
    expect(manifest.spec).toMatchObject({ ...spec });
    expect(manifest.resize.how).toBe('measured');
    expect(manifest.resize.chosen.id).toBe(manifest.resize.candidates[0]!.kernel.id);
    expect(manifest.resize.candidates).toHaveLength(7);
    expect(manifest.opset).toEqual({ from: 9, to: 18 });
    expect(manifest.checks.images).toHaveLength(12);
    expect(manifest.checks.top1Agreement).toBe(1);
    expect(manifest.checks.outputs[0]!.maxAbsDiff).toBeLessThan(1e-3);
    // Two classes: k is clamped to them and said so.
    expect(manifest.postprocess).toMatchObject({ topK: 2, classNames: 2 });
    expect(manifest.notes.join(' ')).toMatch(/k = 2/);
    const code = path.join(work, 'cls.bundle.code');
    expect(readdirSync(code).sort()).toEqual(['README.md', 'cpp', 'csharp', 'java', 'javascript', 'python']);
    expect(readFileSync(path.join(code, 'python', 'run.py'), 'utf8')).toContain('"top_k_scores", "top_k_indices"');
    expect(JSON.parse(readFileSync(path.join(code, 'javascript', 'class_names.json'), 'utf8'))).toEqual(['0', '180']);
    expect(existsSync(path.join(work, `.cls.bundle.onnx`))).toBe(false);
  });

  it('takes a decoded image of any size and matches the original on Parity\'s preprocessing', async () => {
    const session = await ModelSession.open(bundle(), { threads: 1, optimizationLevel: 'all' });
    const original = await ModelSession.open(SAMPLE.model, { threads: 1, optimizationLevel: 'all' });
    try {
      // A sample line enlarged to an odd size, written as PNG: the bundle shrinks it itself.
      const file = path.join(work, 'odd.png');
      await sharp(path.join(SAMPLE.images, '180', 'line-007.png')).resize(517, 61, { fit: 'fill' }).png().toFile(file);
      const raw = await decodeImage(file);
      const out = await session.run({ image: { data: raw.data, dims: [1, raw.height, raw.width, 3], dtype: 'uint8' } });
      const t = toTensor(await decodeFitted(file, spec), spec);
      const ref = await original.run({ x: { data: t.data, dims: t.dims, dtype: 'float32' } });
      const probs = ref['softmax_0.tmp_0']!.data;
      expect(Array.from(out['top_k_indices']!.data)).toEqual(probs[1]! > probs[0]! ? [1, 0] : [0, 1]);
      expect(Math.abs(out['top_k_scores']!.data[0]! - Math.max(probs[0]!, probs[1]!))).toBeLessThan(0.02);
    } finally {
      await Promise.all([session.release(), original.release()]);
    }
  });

  it('is a candidate like any other: compare feeds it the decoded image', async () => {
    const out = path.join(work, 'run');
    const run = await runCli(['compare', SAMPLE.model, bundle(), '--images', SAMPLE.images, '--labels', SAMPLE.labels, '--preprocess', SAMPLE.preprocess, '--max-images', '20', '--concurrency', '1,2', '--out', out, '--quiet'], { env: env() });
    expect(run.code).toBe(0);
    // The serving pass posts tensors, which a bundle does not take: it is left out with a warning, not a failure.
    expect(run.stderr).toMatch(/no serving pass: the candidate is a bundle/);
    const report = ParityReportSchema.parse(JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')));
    expect(report.servingRun).toBeUndefined();
    expect(report.summary.clean.top1Agreement).toBe(1);
    expect(report.perImage).toHaveLength(20);
  });

  it('bundles the detector (letterbox, no tail) and writes summary programs', async () => {
    const out = path.join(work, 'det.bundle.onnx');
    const letterbox = path.join(work, 'letterbox.json');
    await import('node:fs/promises').then((fs) => fs.writeFile(letterbox, JSON.stringify({ ...JSON.parse(readFileSync(SAMPLE.documentsPreprocess, 'utf8')), resize: 'letterbox', width: 320, height: 256 })));
    const run = await runCli(['bundle', SAMPLE.detector, '--preprocess', letterbox, '--images', SAMPLE.documents, '--max-images', '3', '-o', out, '--code', 'python,cpp', '--quiet'], { env: env() });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const manifest = BundleManifestSchema.parse(JSON.parse(readFileSync(path.join(work, 'det.bundle.manifest.json'), 'utf8')));
    expect(manifest.spec.resize).toBe('letterbox');
    expect(manifest.checks.top1Agreement).toBeNull();
    expect(manifest.checks.outputs[0]!.meanAbsDiff).toBeLessThan(0.01);
    expect(readdirSync(path.join(work, 'det.bundle.code')).sort()).toEqual(['README.md', 'cpp', 'python']);
    expect(readFileSync(path.join(work, 'det.bundle.code', 'python', 'run.py'), 'utf8')).toContain('argmax');
  });

  it('refuses bad input with exit 2 and writes nothing', async () => {
    const out = path.join(work, 'bad', 'x.bundle.onnx');
    // A grayscale model (one channel): its luma input is not built into a bundle's graph yet.
    const gray = path.join(work, 'gray.onnx');
    writeFileSync(gray, toBinary(ModelProtoSchema, modelOf({ nodes: [node('Relu', ['x'], ['y'])], inputs: [valueInfo('x', TensorProto_DataType.FLOAT, [1, 1, 8, 8])], outputs: [valueInfo('y', TensorProto_DataType.FLOAT, [1, 1, 8, 8])] })));
    const cases: Array<[string[], RegExp]> = [
      [['bundle', SAMPLE.model, '--preprocess', SAMPLE.preprocess, '--resize', 'bogus', '-o', out], /--resize must be one of auto, linear-antialias, .*got "bogus"/],
      [['bundle', SAMPLE.detector, '--preprocess', SAMPLE.documentsPreprocess, '--top-k', '3', '-o', out], /class-score output/],
      [['bundle', SAMPLE.model, '--preprocess', SAMPLE.preprocess, '--code', 'cobol', '-o', out], /--code does not take cobol/],
      [['bundle', path.join(work, 'missing.onnx'), '-o', out], /does not exist/],
      [['bundle', SAMPLE.model, '--preprocess', SAMPLE.preprocess, '--images', path.join(work, 'nowhere'), '-o', out], /nowhere/],
      [['bundle', gray, '-o', out], /cannot yet do this preprocessing inside its graph: colorOrder GRAY/],
    ];
    for (const [args, message] of cases) {
      const run = await runCli([...args, '--quiet'], { env: env() });
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(existsSync(out)).toBe(false);
      expect(existsSync(path.join(work, 'bad', 'x.bundle.code'))).toBe(false);
    }
  });
});
