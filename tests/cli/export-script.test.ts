/**
 * `parity export-script`: the script carries the spec and the framework's loader, is written atomically, and bad
 * options are refused with exit 2. Running the script under the frameworks' PyPI packages is the acceptance test
 * in tests/acceptance/ (run by .ci/run after npm test).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeScratchDirs, runCli, SAMPLE, scratchDir } from '../helpers/cli.js';

let work: string;
beforeAll(() => {
  work = scratchDir('parity-cli-export-script-');
});
afterAll(removeScratchDirs);

describe('parity export-script', () => {
  it('writes a script with the spec, the framework\'s loader and the saving layout compare reads', async () => {
    const spec = path.join(SAMPLE.images, '..', 'preprocess.json');
    for (const [framework, loader] of [['onnxruntime', 'ort.InferenceSession'], ['openvino', 'compile_model'], ['tensorflow', 'tf.saved_model.load'], ['pytorch', 'torch.jit.load']] as const) {
      const out = path.join(work, `${framework}.py`);
      const run = await runCli(['export-script', '--framework', framework, '--preprocess', spec, '-o', out]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain(`Wrote ${out}`);
      const script = readFileSync(out, 'utf8');
      expect(script).toContain(loader);
      expect(script).toContain('"colorOrder": "BGR"');
      expect(script).toContain('"width": 192');
      expect(script).toContain('"mean": [0.5,0.5,0.5]');
      expect(script).toContain('rel + ".npy"');
      expect(script).toContain(`pip install numpy pillow ${framework === 'pytorch' ? 'torch' : framework}`);
      // Every function the loader and main use is defined once.
      expect(script.match(/^def load_model\(/gm)).toHaveLength(1);
      expect(script.match(/^def named_outputs\(/gm)).toHaveLength(1);
    }
  });

  it('fills fields the spec leaves out with the defaults and prints to stdout with -o -', async () => {
    const spec = path.join(work, 'partial.json');
    writeFileSync(spec, JSON.stringify({ width: 224, height: 160, resize: 'letterbox' }));
    const run = await runCli(['export-script', '--framework', 'pytorch', '--preprocess', spec, '-o', '-']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('"resize": "letterbox"');
    expect(run.stdout).toContain('"layout": "NCHW"');
    expect(run.stdout).toContain('"std": [1,1,1]');
  });

  it('refuses a spec without a size, an unknown framework and a missing --preprocess, writing nothing', async () => {
    const spec = path.join(work, 'no-size.json');
    writeFileSync(spec, JSON.stringify({ resize: 'stretch' }));
    const out = path.join(work, 'never.py');
    const noSize = await runCli(['export-script', '--framework', 'onnxruntime', '--preprocess', spec, '-o', out]);
    expect(noSize.code).toBe(2);
    expect(noSize.stderr).toContain('gives no width');
    const badFramework = await runCli(['export-script', '--framework', 'caffe', '--preprocess', spec, '-o', out]);
    expect(badFramework.code).toBe(2);
    expect(badFramework.stderr).toContain('--framework must be one of onnxruntime, openvino, tensorflow, pytorch');
    const noSpec = await runCli(['export-script', '--framework', 'openvino', '-o', out]);
    expect(noSpec.code).toBe(2);
    expect(noSpec.stderr).toContain('needs --preprocess');
    expect(existsSync(out)).toBe(false);
  });
});
