/** `parity bench` as a user runs it (node bin/parity.js after `npm run build`): results, JSON, and bad input. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { create } from '@bufbuild/protobuf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TensorProto_DataType, TensorProtoSchema, writeModel } from '../../main/engine/onnx/index.js';
import { BenchResultSchema, ServeLoadResultSchema } from '../../shared/contract/jobs/bench.js';
import { removeScratchDirs, runCli, SAMPLE, scratchDir } from '../helpers/cli.js';
import { modelOf, node, valueInfo } from '../engine/onnx/model-builders.js';

const F = TensorProto_DataType.FLOAT;
let work: string;
const env = (): Record<string, string> => ({ PARITY_DATA_DIR: path.join(work, 'data') });

beforeAll(() => {
  work = scratchDir('parity-cli-bench-');
});
afterAll(removeScratchDirs);

async function expectUsageError(args: string[], pattern: RegExp): Promise<string> {
  const run = await runCli(['bench', ...args, '--quiet'], { env: env() });
  expect(run.code, run.stderr).toBe(2);
  const lines = run.stderr.trim().split('\n');
  expect(lines[0]).toMatch(/^parity: error: /);
  expect(lines[0]).toMatch(pattern);
  expect(run.stderr).toMatch(/\nhint: /);
  expect(run.stdout).toBe('');
  return run.stderr;
}

describe('parity bench', () => {
  it('benches on random inputs when no images are given, says so, and writes the JSON', async () => {
    const json = path.join(work, 'out', 'bench.json');
    const run = await runCli(['bench', SAMPLE.model, '--preprocess', SAMPLE.preprocess, '--runs', '8', '--warmup', '1', '--threads', '1', '--json', json, '--quiet'], { env: env() });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Inputs {4}random inputs \(no images given\)/);
    expect(run.stdout).toMatch(/latency {5}min [\d.]+ {2}p50 [\d.]+ {2}p90 [\d.]+ {2}p95 [\d.]+ {2}p99 [\d.]+ {2}max [\d.]+ {2}mean [\d.]+ ms {2}\(8 runs, 1 thread, batch 1\)/);
    expect(run.stdout).toMatch(/% of peak/);
    const result = BenchResultSchema.parse(JSON.parse(readFileSync(json, 'utf8')));
    expect(result.inputs.source).toBe('random');
    expect(result.models[0]!.latencySamplesMs).toHaveLength(8);
    expect(result.json).toBe(json);
  });

  it('compares a candidate with the first model on the same images', async () => {
    const run = await runCli(
      ['bench', SAMPLE.model, SAMPLE.model, '--images', SAMPLE.images, '--preprocess', SAMPLE.preprocess, '--max-images', '4', '--runs', '10', '--warmup', '1', '--threads', '1', '--quiet'],
      { env: env() },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Inputs {4}4 images from /);
    expect(run.stdout).toMatch(/Against ch_ppocr_mobile_v2\.0_cls_infer\.onnx \(1 thread, batch 1\):\n {2}ch_ppocr_mobile_v2\.0_cls_infer\.onnx #2: .*latency ratio [\d.]+, 95% CI [\d.]+–[\d.]+\), throughput [\d.]+×, the same size/);
  });

  it('runs the serving-load test at each concurrency level', async () => {
    const json = path.join(work, 'serve.json');
    const run = await runCli(
      ['bench', SAMPLE.model, '--serve', '--concurrency', '1,3', '--duration', '0.4', '--images', SAMPLE.images, '--preprocess', SAMPLE.preprocess, '--max-images', '4', '--threads', '1', '--json', json, '--quiet'],
      { env: env() },
    );
    expect(run.code, run.stderr).toBe(0);
    const result = ServeLoadResultSchema.parse(JSON.parse(readFileSync(json, 'utf8')));
    const levels = result.models[0]!.levels;
    expect(levels.map((l) => l.concurrency)).toEqual([1, 3]);
    for (const level of levels) {
      expect(level.requests).toBeGreaterThan(0);
      expect(level.requestsPerSec).toBeCloseTo((level.requests * 1000) / level.durationMs, 6);
      expect(level.durationMs).toBeGreaterThanOrEqual(400);
    }
    expect(run.stdout).toContain(result.models[0]!.summary);
  });
});

describe('parity bench: bad input gets exit 2 and a one-line reason with a hint', () => {
  it('zero or negative runs, and options of the other mode', async () => {
    await expectUsageError([SAMPLE.model, '--runs', '0'], /--runs must be an integer between 1 and 1000000, got "0"/);
    await expectUsageError([SAMPLE.model, '--runs=-3'], /--runs must be an integer between 1 and 1000000, got "-3"/);
    await expectUsageError([SAMPLE.model, '--warmup=-1'], /--warmup/);
    await expectUsageError([SAMPLE.model, '--threads', '2,0'], /--threads: "0"/);
    await expectUsageError([SAMPLE.model, '--concurrency', '4'], /--concurrency only applies with --serve/);
    await expectUsageError([SAMPLE.model, '--serve', '--runs', '5'], /--runs does not apply with --serve/);
    await expectUsageError([SAMPLE.model, '--serve', '--duration', '0'], /--duration/);
    await expectUsageError([], /missing <model\.onnx>/);
    await expectUsageError([path.join(work, 'missing.onnx')], /Model not found/);
  });

  it('a batch size on a model with a fixed batch dimension names the dimension', async () => {
    const file = path.join(work, 'fixed-batch.onnx');
    await writeModel(
      modelOf({ nodes: [node('Relu', ['image'], ['y'])], inputs: [valueInfo('image', F, [1, 3, 8, 8])], outputs: [valueInfo('y', F, [1, 3, 8, 8])] }),
      file,
    );
    await expectUsageError([file, '--batch', '1,4'], /--batch 4: fixed-batch\.onnx input "image" has a fixed batch dimension \(dim 0 = 1\)/);
  });

  it('a model that fails to run reports ONNX Runtime\'s error with the node name', async () => {
    const file = path.join(work, 'bad-reshape.onnx');
    const shape = create(TensorProtoSchema, { name: 'shape', dims: [2n], dataType: TensorProto_DataType.INT64, int64Data: [7n, -1n] });
    await writeModel(
      modelOf({
        nodes: [node('Reshape', ['x', 'shape'], ['y'], [], 'bad_reshape')],
        inputs: [valueInfo('x', F, ['N', 3, 8, 8])],
        outputs: [valueInfo('y', F, [7, null])],
        initializers: [shape],
      }),
      file,
    );
    const stderr = await expectUsageError([file], /ONNX Runtime failed to run .*bad_reshape/);
    expect(stderr).toMatch(/Reshape/);
  });
});
