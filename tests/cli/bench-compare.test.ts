/** The performance section of `parity compare`: present by default with its headline, absent with --no-bench. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParityReportSchema } from '../../shared/report/report.js';
import { removeScratchDirs, runCli, SAMPLE, scratchDir } from '../helpers/cli.js';

let work: string;
beforeAll(() => {
  work = scratchDir('parity-cli-bench-compare-');
});
afterAll(removeScratchDirs);

const compare = (out: string, ...extra: string[]): Promise<Awaited<ReturnType<typeof runCli>>> =>
  runCli(
    ['compare', SAMPLE.model, SAMPLE.model, '--images', SAMPLE.images, '--labels', SAMPLE.labels, '--preprocess', SAMPLE.preprocess, '--max-images', '6', '--quiet', '--out', out, ...extra],
    { env: { PARITY_DATA_DIR: path.join(work, 'data') } },
  );

describe('compare report performance section', () => {
  it('benches both models on the compared images and states the headline', async () => {
    const out = path.join(work, 'with');
    const run = await compare(out, '--bench-runs', '6', '--threads', '1');
    expect(run.code, run.stderr).toBe(0);
    const report = ParityReportSchema.parse(JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')));
    const perf = report.performance!;
    expect(perf.benchmark.models).toHaveLength(2);
    expect(perf.benchmark.inputs).toMatchObject({ source: 'images', count: 6 });
    expect(perf.benchmark.settings).toMatchObject({ runs: 6, threads: [1], batch: [1] });
    expect(perf.benchmark.models.every((m) => m.latencySamplesMs.length === 6)).toBe(true);
    expect(perf.headline).toMatch(/^candidate (is [\d.]+% (faster|slower), |shows no measurable speed difference and is )the same size, top-1 agreement 100% clean\.$/);
    expect(run.stdout).toContain(`Performance: ${perf.headline}`);
    const html = readFileSync(path.join(out, 'report.html'), 'utf8');
    expect(html).toContain('id="performance"');
  });

  it('leaves the section out with --no-bench', async () => {
    const out = path.join(work, 'without');
    const run = await compare(out, '--no-bench');
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as { performance?: unknown };
    expect(report.performance).toBeUndefined();
    expect(run.stdout).not.toContain('Performance:');
    expect(readFileSync(path.join(out, 'report.html'), 'utf8')).not.toContain('id="performance"');
  });
});
