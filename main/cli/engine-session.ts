/**
 * Runs CLI work against one engine process: jobs with progress on stderr (unless --quiet), the engine's log with
 * --verbose, Ctrl-C cancelling the running job (it then fails with CANCELLED, exit 130; a second Ctrl-C exits 130
 * at once). Errors propagate to main(), which prints them and picks the exit status (exit-codes.ts).
 */
import type { JobKind, JobParams, JobResult } from '../../shared/contract/jobs/index.js';
import { EngineClient, forkChannelFactory, type EngineClientOptions, type ForkOptions } from '../engine/index.js';
import { EXIT } from './exit-codes.js';
import { flagSet, type Parsed } from './flags.js';
import { ProgressBar } from './progress-bar.js';

/** What the user asked to see: progress (off with --quiet) and the engine's log (--verbose). */
export interface Output {
  progress: boolean;
  verbose: boolean;
}

/** --quiet and --verbose, as every command that runs jobs reads them. */
export function outputOf(parsed: Parsed): Output {
  return { progress: !flagSet(parsed, 'quiet'), verbose: flagSet(parsed, 'verbose') };
}

export interface CliContext {
  /** Runs one job to its result, showing its progress as asked. */
  run<K extends JobKind>(kind: K, params: JobParams<K>, options?: { progress?: boolean }): Promise<JobResult<K>>;
}

/**
 * The engine's stderr lines and log messages on stderr: errors and warnings always (a warning is for the user, e.g.
 * labels that can only be checked on the first image), everything with --verbose. `clearLine` runs before a
 * warning so that it does not land on a live progress line.
 */
export function engineLogging(verbose: boolean, clearLine: () => void = () => {}): Pick<ForkOptions, 'onOutput'> & Pick<EngineClientOptions, 'onLog'> {
  return {
    onOutput: (line) => {
      if (verbose) process.stderr.write(`[engine] ${line}\n`);
    },
    onLog: (level, message) => {
      if (level === 'warn' && !verbose) {
        clearLine();
        process.stderr.write(`parity: warning: ${message}\n`);
      } else if (verbose || level === 'error') process.stderr.write(`[engine ${level}] ${message}\n`);
    },
  };
}

/** Runs `work` with one engine process, closed afterwards; SIGINT/SIGTERM cancel the job in flight. */
export async function withEngine<T>(output: Output, work: (ctx: CliContext) => Promise<T>): Promise<T> {
  const progress = new ProgressBar(process.stderr);
  const logging = engineLogging(output.verbose, () => progress.finish());
  const engine = new EngineClient(forkChannelFactory({ onOutput: logging.onOutput }), { onLog: logging.onLog });
  const controller = new AbortController();
  const onSignal = (): void => {
    if (controller.signal.aborted) process.exit(EXIT.cancelled);
    process.stderr.write('\nparity: cancelling (press Ctrl-C again to force)\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const ctx: CliContext = {
    async run(kind, params, options) {
      const show = options?.progress ?? output.progress;
      const result = await engine.run(kind, params, { signal: controller.signal, ...(show ? { onProgress: (p) => progress.update(p) } : {}) });
      progress.finish();
      return result;
    },
  };
  try {
    return await work(ctx);
  } finally {
    progress.finish();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await engine.close();
  }
}

/** Runs one job in a fresh engine process (see withEngine). */
export function runJob<K extends JobKind>(kind: K, params: JobParams<K>, output: Output): Promise<JobResult<K>> {
  return withEngine(output, (ctx) => ctx.run(kind, params));
}
