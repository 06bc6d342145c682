/**
 * Interrupted runs lose nothing: a long compare is killed with SIGKILL at random moments — the CLI or its engine
 * process — more than twenty times. After every kill each output is either absent or complete and valid (never a
 * truncated JSON, HTML or CSV), and `parity compare --resume` carries the run to the same final report as an
 * uninterrupted run (timings aside).
 */
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParityReportSchema } from '../../shared/report/report.js';
import { ROOT, removeScratchDirs, runCli, SAMPLE, scratchDir } from '../helpers/cli.js';
import { writeAlteredModel } from '../helpers/altered-model.js';

let work: string;
let candidate: string;
const env = (): Record<string, string> => ({ PARITY_DATA_DIR: path.join(work, 'data'), PARITY_CACHE_DIR: path.join(work, 'cache') });

beforeAll(async () => {
  work = scratchDir('parity-kill-');
  candidate = path.join(work, 'altered.onnx');
  await writeAlteredModel(SAMPLE.model, candidate, 0.3);
});
afterAll(removeScratchDirs);

const runArgs = [
  '--images', SAMPLE.images, '--labels', SAMPLE.labels, '--preprocess', SAMPLE.preprocess,
  '--perturb', 'fog,occlusion_patch,gaussian_noise', '--severity', '1-3', '--no-bench', '--quiet',
];

/** The report without what legitimately differs between two runs of the same comparison. */
function comparable(file: string): unknown {
  const report = ParityReportSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const { createdAt: _c, timings: _t, performance: _p, ...rest } = report;
  if (rest.robustness) delete (rest.robustness as { timing?: unknown }).timing;
  return rest;
}

/** Every output is either absent or whole: JSON parses against the schema, HTML is closed, CSV has every row. */
function checkOutputs(files: { json: string; html: string; csv: string }): 'absent' | 'complete' {
  const present = [files.json, files.html, files.csv].filter((f) => existsSync(f));
  if (existsSync(files.json)) {
    const report = ParityReportSchema.parse(JSON.parse(readFileSync(files.json, 'utf8')));
    expect(report.images.count).toBe(200);
  }
  if (existsSync(files.html)) expect(readFileSync(files.html, 'utf8').trimEnd()).toMatch(/<\/html>$/);
  if (existsSync(files.csv)) expect(readFileSync(files.csv, 'utf8').trim().split('\n')).toHaveLength(201);
  return present.length === 0 ? 'absent' : 'complete';
}

function childrenOf(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((s) => Number(s.trim()))
      .filter((n) => n > 0);
  } catch {
    return [];
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('interrupted runs', () => {
  it('survive more than twenty SIGKILLs of the CLI or the engine and resume to the uninterrupted report', async () => {
    const straight = await runCli(['compare', SAMPLE.model, candidate, ...runArgs, '--out', path.join(work, 'straight')], { env: env() });
    expect(straight.code, straight.stderr).toBe(0);

    const runDir = path.join(work, 'killed');
    const copies = { json: path.join(work, 'copy.json'), html: path.join(work, 'copy.html'), csv: path.join(work, 'copy.csv') };
    const inRun = { json: path.join(runDir, 'report.json'), html: path.join(runDir, 'report.html'), csv: path.join(runDir, 'report.csv') };
    const first = ['compare', SAMPLE.model, candidate, ...runArgs, '--out', runDir, '--json', copies.json, '--report', copies.html, '--csv', copies.csv];
    const resume = ['compare', '--resume', runDir, '--quiet'];
    let seed = 7;
    const random = (): number => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };

    let kills = 0;
    let attempt = 0;
    while (kills < 22 && attempt < 40) {
      // Killed before it saved its parameters, a run can only be started again, as a user would.
      const args = existsSync(path.join(runDir, 'params.json')) ? resume : first;
      attempt += 1;
      const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'parity.js'), ...args], { cwd: ROOT, env: { ...process.env, ...env() }, stdio: 'ignore' });
      const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
      let finished = false;
      void exited.then(() => (finished = true));
      await sleep(300 + random() * 3700);
      if (!finished) {
        const killEngine = kills % 2 === 1;
        const target = killEngine ? childrenOf(child.pid!)[0] : child.pid!;
        if (target) {
          process.kill(target, 'SIGKILL');
          kills += 1;
        }
      }
      await exited;
      // The engine of a killed CLI notices the broken channel and exits; wait so it cannot write later.
      for (let i = 0; i < 50 && childrenOf(child.pid!).length > 0; i++) await sleep(100);
      checkOutputs(inRun);
      checkOutputs(copies);
      if (existsSync(inRun.json)) break;
    }
    expect(kills).toBeGreaterThanOrEqual(20);
    console.log(`interrupted runs: ${kills} SIGKILLs survived in ${attempt} attempts`);

    const last = await runCli(resume, { env: env() });
    expect(last.code, last.stderr).toBe(0);
    expect(checkOutputs(inRun)).toBe('complete');
    expect(comparable(inRun.json)).toEqual(comparable(path.join(work, 'straight', 'report.json')));
    expect(existsSync(path.join(runDir, 'checkpoint.json'))).toBe(false);
    expect(readdirSync(runDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 600_000);
});
