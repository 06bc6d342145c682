import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TensorProto_DataType, writeModel } from '../../main/engine/onnx/index.js';
import { removeScratchDirs, runCli, SAMPLE, scratchDir } from '../helpers/cli.js';
import { modelOf, node, valueInfo } from '../engine/onnx/model-builders.js';

let work: string;
const env = (): Record<string, string> => ({ PARITY_DATA_DIR: path.join(work, 'data') });

beforeAll(() => {
  work = scratchDir('parity-cli-bad-');
});
afterAll(removeScratchDirs);

async function expectUsageError(args: string[], pattern: RegExp): Promise<string> {
  const run = await runCli(args, { env: env() });
  expect(run.code, run.stderr).toBe(2);
  const lines = run.stderr.trim().split('\n');
  expect(lines[0]).toMatch(/^parity: error: /);
  expect(lines[0]).toMatch(pattern);
  expect(run.stderr).toMatch(/\nhint: /);
  expect(run.stdout).toBe('');
  return run.stderr;
}

const compareArgs = (reference: string, candidate: string, out: string): string[] => [
  'compare', reference, candidate, '--images', SAMPLE.images, '--preprocess', SAMPLE.preprocess, '--quiet', '--out', out,
];

describe('bad input gets exit 2 and a one-line reason with a hint', () => {
  it('a JPEG renamed .onnx', async () => {
    const file = path.join(work, 'photo.onnx');
    copyFileSync(path.join(SAMPLE.images, '0', 'line-000.png'), file);
    await expectUsageError(['inspect', file], /not an ONNX model|PNG/i);
    await expectUsageError(compareArgs(file, SAMPLE.model, path.join(work, 'r1')), /PNG|ONNX/i);
    expect(existsSync(path.join(work, 'r1', 'report.json'))).toBe(false);
  });

  it('an empty file and a truncated model', async () => {
    const empty = path.join(work, 'empty.onnx');
    writeFileSync(empty, '');
    await expectUsageError(['inspect', empty], /empty/i);
    const truncated = path.join(work, 'truncated.onnx');
    const bytes = readFileSync(SAMPLE.model);
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    await expectUsageError(['inspect', truncated], /truncated|ends|past the end|length/i);
    await expectUsageError(compareArgs(SAMPLE.model, truncated, path.join(work, 'r2')), /./);
  });

  it('a model with an operator ONNX Runtime lacks', async () => {
    const file = path.join(work, 'unknown-op.onnx');
    const proto = modelOf({
      nodes: [node('NoSuchOperator', ['x'], ['softmax_0.tmp_0'], [], 'mystery_node')],
      inputs: [valueInfo('x', TensorProto_DataType.FLOAT, ['n', 3, 'h', 'w'])],
      outputs: [valueInfo('softmax_0.tmp_0', TensorProto_DataType.FLOAT, ['n', 2])],
    });
    await writeModel(proto, file);
    const stderr = await expectUsageError(compareArgs(SAMPLE.model, file, path.join(work, 'r3')), /ONNX Runtime|NoSuchOperator/);
    expect(stderr).toMatch(/NoSuchOperator/);
  });

  it('models whose outputs do not correspond', async () => {
    await expectUsageError(compareArgs(SAMPLE.model, SAMPLE.detector, path.join(work, 'r4')), /no output named "softmax_0\.tmp_0"/);
  });

  it('wrong options', async () => {
    await expectUsageError(['compare', SAMPLE.model, SAMPLE.model, '--images', SAMPLE.images, '--fail-under', 'bananas=1'], /bananas/);
    await expectUsageError(['compare', SAMPLE.model, SAMPLE.model, '--images', SAMPLE.images, '--threads', '0'], /--threads/);
    await expectUsageError(['compare', SAMPLE.model, SAMPLE.model, '--images', SAMPLE.images, '--no-such-flag'], /no-such-flag/);
    await expectUsageError(['compare', SAMPLE.model], /missing <candidate\.onnx>/);
    await expectUsageError(compareArgs(SAMPLE.model, path.join(work, 'missing.onnx'), path.join(work, 'r5')), /not found/i);
  });

  it('output places that cannot be folders: the path named, nothing written', async () => {
    const file = path.join(work, 'a-file.txt');
    writeFileSync(file, 'not a folder');
    const runDir = path.join(file, 'run');
    await expectUsageError([...compareArgs(SAMPLE.model, SAMPLE.model, runDir), '--max-images', '2'], /a-file\.txt\/run\/report\.json runs through a file where a folder is needed/);
    await expectUsageError(['convert', SAMPLE.model, '--recipe', 'fp16', '-o', path.join(file, 'x.onnx')], /a-file\.txt already exists as a file where a folder is needed/);
    await expectUsageError(['demo', '--out', file, '--quiet'], /a-file\.txt already exists as a file where a folder is needed/);
    expect(readFileSync(file, 'utf8')).toBe('not a folder');
  });
});
