/**
 * Ctrl-C in the terminal: every command runs its job through one helper (main/cli/engine-session.ts), so SIGINT
 * cancels the job in the engine, the command exits 130 and leaves no half-written report.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, removeScratchDirs, SAMPLE, scratchDir } from '../helpers/cli.js';

afterAll(removeScratchDirs);

/** Starts `parity …`, sends SIGINT once stderr shows `stage`, and returns the exit code and stderr. */
function interruptAt(args: string[], stage: RegExp, env: Record<string, string>): Promise<{ code: number | null; stderr: string; interrupted: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'parity.js'), ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let interrupted = false;
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (!interrupted && stage.test(stderr)) {
        interrupted = true;
        child.kill('SIGINT');
      }
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, interrupted });
    });
  });
}

describe('Ctrl-C', () => {
  it('cancels a comparison: exit 130, nothing half-written in the run folder', async () => {
    const work = scratchDir('parity-cancel-');
    const runDir = path.join(work, 'run');
    const env = { PARITY_DATA_DIR: path.join(work, 'data'), PARITY_CACHE_DIR: path.join(work, 'cache') };
    const run = await interruptAt(
      ['compare', SAMPLE.model, SAMPLE.model, '--images', SAMPLE.images, '--preprocess', SAMPLE.preprocess, '--perturb', 'fog,gaussian_noise', '--out', runDir, '--json', path.join(work, 'copy.json')],
      /parity: comparing/,
      env,
    );
    expect(run.interrupted, run.stderr).toBe(true);
    expect(run.code, run.stderr).toBe(130);
    expect(run.stderr).toContain('parity: cancelling');
    expect(run.stderr).toMatch(/parity: error: .*cancel/i);
    expect(existsSync(path.join(runDir, 'report.json'))).toBe(false);
    expect(existsSync(path.join(work, 'copy.json'))).toBe(false);
    expect(readdirSync(runDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('cancels a benchmark the same way: exit 130', async () => {
    const work = scratchDir('parity-cancel-bench-');
    const json = path.join(work, 'bench.json');
    const run = await interruptAt(['bench', SAMPLE.model, '--preprocess', SAMPLE.preprocess, '--runs', '100000', '--json', json], /parity: (timing|measuring|running)/, {
      PARITY_DATA_DIR: path.join(work, 'data'),
    });
    expect(run.interrupted, run.stderr).toBe(true);
    expect(run.code, run.stderr).toBe(130);
    expect(run.stderr).toContain('parity: cancelling');
    expect(existsSync(json)).toBe(false);
  });
});
