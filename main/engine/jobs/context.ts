import { ParityError } from '../../../shared/errors.js';
import type { JobProgress } from '../../../shared/contract/progress.js';

/** What a job handler gets besides its parameters: cancellation, progress and logging. */
export interface JobContext {
  readonly jobId: string;
  readonly signal: AbortSignal;
  /** Reports progress; throttled, so it is cheap to call per item. */
  progress(stage: string, done: number, total: number | null, message?: string): void;
  log(level: 'debug' | 'info' | 'warn' | 'error', message: string): void;
  /** Throws a CANCELLED ParityError when the job was cancelled. */
  throwIfCancelled(): void;
}

const PROGRESS_INTERVAL_MS = 100;

/** Builds a JobContext whose progress events carry an ETA from the rate of the current stage. */
export function createJobContext(
  jobId: string,
  signal: AbortSignal,
  emitProgress: (progress: JobProgress) => void,
  emitLog: (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void,
  now: () => number = () => performance.now(),
): JobContext {
  let stageName = '';
  let stageStart = 0;
  let stageStartDone = 0;
  let lastEmit = -Infinity;

  return {
    jobId,
    signal,
    progress(stage, done, total, message) {
      const t = now();
      if (stage !== stageName) {
        stageName = stage;
        stageStart = t;
        stageStartDone = done;
        lastEmit = -Infinity;
      }
      const finished = total !== null && done >= total;
      if (!finished && t - lastEmit < PROGRESS_INTERVAL_MS) return;
      lastEmit = t;
      let etaMs: number | null = null;
      const progressed = done - stageStartDone;
      if (total !== null && progressed > 0) {
        etaMs = Math.max(0, ((t - stageStart) / progressed) * (total - done));
      }
      const event: JobProgress = { stage, done, total, etaMs };
      if (message !== undefined) event.message = message;
      emitProgress(event);
    },
    log: emitLog,
    throwIfCancelled() {
      if (signal.aborted) throw new ParityError('CANCELLED', 'The job was cancelled.');
    },
  };
}
