/** `parity layers` as a user runs it: the table, the JSON it writes, and exit 2 on bad input. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LayerwiseSchema } from '../../shared/report/layers-section.js';
import { removeScratchDirs, runCli, SAMPLE, scratchDir } from '../helpers/cli.js';

afterAll(removeScratchDirs);
const work = scratchDir('parity-cli-layers-');

describe('parity layers', () => {
  it('prints every shared tensor of a model against itself as identical, and writes the JSON', async () => {
    const json = path.join(work, 'out', 'layers.json');
    const run = await runCli(['layers', SAMPLE.model, SAMPLE.model, '--images', SAMPLE.images, '--preprocess', SAMPLE.preprocess, '--max-images', '6', '--json', json, '--quiet']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = LayerwiseSchema.parse(JSON.parse(readFileSync(json, 'utf8')));
    expect(result.images).toBe(6);
    expect(result.rows.length).toBeGreaterThan(150);
    expect(result.rows.every((r) => r.sqnrDb === null && r.cosine === 1)).toBe(true);
    expect(run.stdout).toContain(`${result.rows.length} tensors compared on 6 image(s).`);
    expect(run.stdout).toContain('No tensor falls below 20 dB SQNR.');
    expect(run.stdout).toMatch(/softmax_0\.tmp_0 +p2o\.Softmax\.0 \(Softmax\) +∞ +— +1\.00000 +0/);
    expect(run.stdout).toContain(`Wrote ${json}`);
  }, 120_000);

  it('exits 2 with a reason on bad input, writing nothing', async () => {
    const json = path.join(work, 'bad.json');
    const noImages = await runCli(['layers', SAMPLE.model, SAMPLE.model, '--json', json]);
    expect(noImages.code).toBe(2);
    expect(noImages.stderr).toContain('needs --images');
    const mismatch = await runCli(['layers', SAMPLE.model, SAMPLE.detector, '--images', SAMPLE.images, '--json', json, '--quiet']);
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toMatch(/candidate has no output named|shape/);
    const missing = await runCli(['layers', SAMPLE.model, path.join(work, 'nope.onnx'), '--images', SAMPLE.images, '--quiet']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('was not found');
    expect(existsSync(json)).toBe(false);
  }, 120_000);
});
