/**
 * Sharded runs: one comparison with perturbations run unsharded and as 3 shards in separate processes (one of them
 * numbered by JOB_COMPLETION_INDEX, as a Kubernetes Indexed Job numbers its pods), merged by `parity merge` into the
 * unsharded run's JSON (timings and performance aside) and CSV; merging refuses missing, overlapping, unfinished and
 * mismatched shards with exit 2 and the reason.
 */
import { cpSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParityReportSchema, type ParityReport } from '../../shared/report/report.js';
import { parityVersion } from '../../main/engine/env/project-root.js';
import { loadShard } from '../../main/engine/parity/shard/merge-shards.js';
import { checkShards, type LoadedShard } from '../../main/engine/parity/shard/shard-checks.js';
import { shardOf } from '../../main/engine/parity/shard/shard-of.js';
import { removeScratchDirs, runCli, SAMPLE, scratchDir } from '../helpers/cli.js';
import { writeAlteredModel } from '../helpers/altered-model.js';

let work: string;
let candidate: string;
const env = (): Record<string, string> => ({ PARITY_DATA_DIR: path.join(work, 'data'), PARITY_CACHE_DIR: path.join(work, 'cache') });
const dir = (name: string): string => path.join(work, name);

const runArgs = (): string[] => [
  'compare', SAMPLE.model, candidate,
  '--images', SAMPLE.images, '--labels', SAMPLE.labels, '--preprocess', SAMPLE.preprocess,
  '--perturb', 'fog,occlusion_patch,gaussian_noise', '--severity', '1-3', '--fail-under', 'top1Agreement=0.99', '--quiet',
];
// The shards also measure performance (per machine); the unsharded run does not need to.
const shardArgs = (): string[] => [...runArgs(), '--bench-runs', '3'];

function readReport(file: string): ParityReport {
  return ParityReportSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

/** The report without what legitimately differs between two runs of the same comparison. */
function comparable(report: ParityReport): unknown {
  const { createdAt: _c, timings: _t, performance: _p, shards: _s, ...rest } = structuredClone(report);
  if (rest.robustness) delete rest.robustness.timing;
  return rest;
}

beforeAll(async () => {
  work = scratchDir('parity-shards-');
  candidate = path.join(work, 'altered.onnx');
  await writeAlteredModel(SAMPLE.model, candidate, 0.3);
  // The four runs in separate processes at once: the machine has two cores, each run uses them as it can.
  const runs = await Promise.all([
    runCli([...runArgs(), '--no-bench', '--out', dir('whole')], { env: env(), timeoutMs: 600_000 }),
    runCli([...shardArgs(), '--shard', '0/3', '--out', dir('shard-0')], { env: env(), timeoutMs: 600_000 }),
    runCli([...shardArgs(), '--shard', 'auto', '--out', dir('shard-1')], { env: { ...env(), JOB_COMPLETION_INDEX: '1', PARITY_SHARD_COUNT: '3' }, timeoutMs: 600_000 }),
    runCli([...shardArgs(), '--shard', '2/3', '--out', dir('shard-2')], { env: env(), timeoutMs: 600_000 }),
  ]);
  // The gate fails on the whole run (the altered model flips 7.5% of the images), but a shard never fails on it.
  expect(runs[0]!.code, runs[0]!.stderr).toBe(1);
  for (const shard of runs.slice(1)) {
    expect(shard.code, shard.stderr).toBe(0);
    expect(shard.stdout).toMatch(/Shard \d\/3 \(shards are numbered 0–2\): \d+ of the 200 listed images/);
  }
}, 900_000);
afterAll(removeScratchDirs);

describe('parity compare --shard and parity merge', () => {
  it('merges 3 shards run in separate processes into the unsharded report: metrics, rows, perturbation tables, flips', async () => {
    const merged = await runCli(['merge', dir('shard-2'), dir('shard-0'), dir('shard-1'), '--out', dir('merged'), '--quiet'], { env: env() });
    // The merged run fails the same gate as the whole run: the gate applies to all the images.
    expect(merged.code, merged.stderr).toBe(1);
    expect(merged.stdout).toContain('Gate: FAILED');
    expect(merged.stdout).toMatch(/Merged 3 shards in .*; performance was measured per shard:/);

    const whole = readReport(path.join(dir('whole'), 'report.json'));
    const report = readReport(path.join(dir('merged'), 'report.json'));
    expect(comparable(report)).toEqual(comparable(whole));
    // Not vacuous: the runs compared every image under every perturbation, and the models disagree.
    expect(report.images.count).toBe(200);
    expect(report.perImage.map((r) => r.path)).toEqual(whole.perImage.map((r) => r.path));
    expect(report.summary.clean.top1Agreement).toBeLessThan(0.99);
    expect(report.perturbations).toHaveLength(9);
    expect(report.robustness?.flips?.total).toBeGreaterThan(0);
    expect(report.robustness?.flips?.examples.length).toBeGreaterThan(0);
    expect(report.robustness?.mCE).not.toBeNull();
    // Each shard holds a third or so of the images, and the shard's own report says which part it is.
    const shardReports = [0, 1, 2].map((k) => readReport(path.join(dir(`shard-${k}`), 'report.json')));
    for (const [k, r] of shardReports.entries()) {
      expect(r.shard).toEqual({ index: k, count: 3, listedImages: 200 });
      expect(r.images.count).toBeGreaterThan(40);
      for (const row of r.perImage) expect(shardOf(row.path, 3)).toBe(k);
    }

    // The CSV is the same file; the HTML the same but for timings, plus the shards side by side.
    expect(readFileSync(path.join(dir('merged'), 'report.csv'), 'utf8')).toBe(readFileSync(path.join(dir('whole'), 'report.csv'), 'utf8'));
    const html = readFileSync(path.join(dir('merged'), 'report.html'), 'utf8');
    expect(html).toContain('Shards and performance');
    expect(html).toContain('Shard 2/3');
    expect(report.performance).toBeUndefined();
    expect(report.shards?.shards.map((s) => [s.index, s.images, s.performance?.benchmark.models.length])).toEqual(
      shardReports.map((r, k) => [k, r.images.count, 2]),
    );
    expect(report.shards?.notes[0]).toMatch(/measured on each shard's machine/);
  }, 300_000);

  it('resumes a finished shard like any run, answering from its report', async () => {
    const resumed = await runCli(['compare', '--resume', dir('shard-0'), '--quiet'], { env: env() });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/Shard 0\/3/);
  });

  it('refuses missing, overlapping, unfinished and foreign shards with exit 2 and the reason', async () => {
    const merge = (...dirs: string[]) => runCli(['merge', ...dirs, '--out', dir('refused'), '--quiet'], { env: env() });
    const missing = await merge(dir('shard-0'), dir('shard-2'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/Shard 1\/3 of this 3-shard run is missing/);

    cpSync(dir('shard-0'), dir('shard-0-again'), { recursive: true });
    const overlap = await merge(dir('shard-0'), dir('shard-0-again'), dir('shard-1'), dir('shard-2'));
    expect(overlap.code).toBe(2);
    expect(overlap.stderr).toMatch(/shard-0\/ and shard-0-again\/ are both shard 0\/3: their images overlap/);

    cpSync(dir('shard-1'), dir('shard-1-unfinished'), { recursive: true });
    rmSync(path.join(dir('shard-1-unfinished'), 'report.json'));
    const unfinished = await merge(dir('shard-0'), dir('shard-1-unfinished'), dir('shard-2'));
    expect(unfinished.code).toBe(2);
    expect(unfinished.stderr).toMatch(/shard-1-unfinished has not finished: it has no report.json/);

    const notShard = await merge(dir('whole'), dir('shard-1'), dir('shard-2'));
    expect(notShard.code).toBe(2);
    expect(notShard.stderr).toMatch(/whole is not a shard of a sharded run: it has no shard.json/);

    // A shard of another command line: same models and images, another perturbation seed.
    const other = await runCli([...runArgs(), '--no-bench', '--seed', '7', '--shard', '1/3', '--out', dir('other-seed')], { env: env(), timeoutMs: 300_000 });
    expect(other.code, other.stderr).toBe(0);
    const mismatched = await merge(dir('shard-0'), dir('other-seed'), dir('shard-2'));
    expect(mismatched.code).toBe(2);
    expect(mismatched.stderr).toMatch(/shard-0\/ and other-seed\/ do not belong to the same run: they were run with different options: seed is 0 in one and 7 in the other/);
  }, 300_000);

  it('tells apart shards of other models, versions, listings and shard counts', async () => {
    const shards = await Promise.all([0, 1, 2].map((k) => loadShard(dir(`shard-${k}`))));
    expect(checkShards(shards, parityVersion()).map((s) => s.state.index)).toEqual([0, 1, 2]);
    const altered = (edit: (s: LoadedShard) => void): LoadedShard[] => {
      const copies = shards.map((s) => structuredClone(s));
      edit(copies[2]!);
      return copies;
    };
    expect(() => checkShards(altered((s) => (s.state.identity.models.candidate = 'f'.repeat(64))), parityVersion())).toThrow(/different candidate models/);
    expect(() => checkShards(altered((s) => (s.state.identity.parityVersion = '9.9.9')), parityVersion())).toThrow(/made by Parity 9\.9\.9; this is Parity/);
    expect(() => checkShards(altered((s) => (s.state.identity.listing.digest = '0')), parityVersion())).toThrow(/listed different images/);
    expect(() => checkShards(altered((s) => (s.state.identity.shardCount = 4)), parityVersion())).toThrow(/different numbers of shards \(3 and 4\)/);
    expect(() => checkShards(altered((s) => (s.state.identity.preprocess.width = 100)), parityVersion())).toThrow(/preprocessed images differently/);
    expect(() => checkShards(altered((s) => s.report.perImage.pop()), parityVersion())).toThrow(/cover 199 of the 200 listed images/);
    expect(() => checkShards(altered((s) => s.report.perImage.push(shards[0]!.report.perImage[0]!)), parityVersion())).toThrow(/is in both shard-0\/ and shard-2\/|belongs to shard 0\/3/);
  });
});
