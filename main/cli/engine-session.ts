/** Runs CLI work against one engine process, cancelling cleanly on Ctrl-C. */
import { EngineClient, forkChannelFactory } from '../engine/index.js';
import { ProgressBar } from './progress-bar.js';

export interface CliContext {
  engine: EngineClient;
  progress: ProgressBar;
  /** Aborted on SIGINT/SIGTERM: pass it to engine.run so the job is cancelled. */
  signal: AbortSignal;
  verbose: boolean;
}

export async function withEngine<T>(verbose: boolean, work: (ctx: CliContext) => Promise<T>): Promise<T> {
  const engine = new EngineClient(
    forkChannelFactory({
      onOutput: (line) => {
        if (verbose) process.stderr.write(`[engine] ${line}\n`);
      },
    }),
    {
      onLog: (level, message) => {
        if (verbose || level === 'error') process.stderr.write(`[engine ${level}] ${message}\n`);
      },
    },
  );
  const controller = new AbortController();
  const onSignal = (): void => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('\nparity: cancelling (press Ctrl-C again to force)\n');
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const progress = new ProgressBar(process.stderr);
  try {
    return await work({ engine, progress, signal: controller.signal, verbose });
  } finally {
    progress.finish();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await engine.close();
  }
}
