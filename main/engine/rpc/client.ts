/**
 * The host's typed handle on the engine process: starts jobs, streams their progress, validates their results,
 * and turns a crashed or hung engine into failed jobs plus a fresh engine for the next one.
 */
import { randomUUID } from 'node:crypto';
import { EngineToHostSchema, HEARTBEAT_INTERVAL_MS } from '../../../shared/contract/rpc.js';
import { JOBS, type JobKind, type JobParams, type JobResult } from '../../../shared/contract/jobs/index.js';
import type { JobProgress } from '../../../shared/contract/progress.js';
import { ParityError } from '../../../shared/errors.js';
import type { ChannelFactory, EngineChannel, EngineExit } from './channel.js';

/** How long a starting engine may take to say it is ready before it counts as hung. */
const ENGINE_START_TIMEOUT_MS = 60_000;

export interface RunOptions {
  onProgress?: (progress: JobProgress) => void;
  signal?: AbortSignal;
  /** Caller-chosen id (e.g. to re-attach after a renderer reload); random otherwise. */
  jobId?: string;
}

export interface EngineClientOptions {
  /** No heartbeat for this long while a job runs means the engine is hung. */
  hangTimeoutMs?: number;
  /**
   * The same for silence inside one ONNX Runtime call the engine announced (session creation or a run, which
   * onnxruntime-node does synchronously): a heavy model on a loaded machine takes minutes, not a hang.
   */
  onnxRuntimeTimeoutMs?: number;
  /** After a cancel request, how long a job may take to stop before the engine is killed. */
  cancelGraceMs?: number;
  onLog?: (level: string, message: string) => void;
  /** Called when the engine process dies unexpectedly, before it is restarted on demand. */
  onCrash?: (exit: EngineExit) => void;
}

interface PendingJob {
  kind: JobKind;
  resolve: (value: unknown) => void;
  reject: (error: ParityError) => void;
  onProgress: ((progress: JobProgress) => void) | undefined;
  cancelTimer: NodeJS.Timeout | undefined;
}

export class EngineClient {
  private channel: EngineChannel | undefined;
  private readonly pending = new Map<string, PendingJob>();
  private lastHeartbeat = Date.now();
  /** The ONNX Runtime call the last heartbeat announced, if any. */
  private nativeCall: { what: string; since: number } | null = null;
  private watchdog: NodeJS.Timeout | undefined;
  private closed = false;
  private restarts = 0;
  private lastRss = 0;
  private readyWaiters: Array<() => void> = [];
  private ready = false;

  constructor(
    private readonly factory: ChannelFactory,
    private readonly options: EngineClientOptions = {},
  ) {}

  /** How many times the engine was restarted after a crash or hang. */
  get restartCount(): number {
    return this.restarts;
  }

  get enginePid(): number | undefined {
    return this.channel?.pid;
  }

  /** Resident memory of the engine at its last heartbeat. */
  get engineRssBytes(): number {
    return this.lastRss;
  }

  /** Runs one job to completion. Rejects with a ParityError (CANCELLED, ENGINE_CRASHED, BAD_OPTION, …). */
  run<K extends JobKind>(kind: K, params: JobParams<K>, options: RunOptions = {}): Promise<JobResult<K>> {
    if (this.closed) return Promise.reject(new ParityError('INTERNAL', 'The engine client is closed.'));
    const jobId = options.jobId ?? randomUUID();
    const channel = this.ensureChannel();
    return new Promise<JobResult<K>>((resolve, reject) => {
      const job: PendingJob = {
        kind,
        resolve: resolve as (value: unknown) => void,
        reject,
        onProgress: options.onProgress,
        cancelTimer: undefined,
      };
      this.pending.set(jobId, job);
      if (options.signal) {
        if (options.signal.aborted) {
          this.pending.delete(jobId);
          reject(new ParityError('CANCELLED', 'The job was cancelled.'));
          return;
        }
        options.signal.addEventListener('abort', () => this.cancel(jobId), { once: true });
      }
      this.lastHeartbeat = Date.now();
      channel.send({ type: 'start', jobId, kind, params });
    });
  }

  /** Asks the engine to stop a job; if it does not stop within the grace period, the engine is killed. */
  cancel(jobId: string): void {
    const job = this.pending.get(jobId);
    if (!job || !this.channel) return;
    this.channel.send({ type: 'cancel', jobId });
    const grace = this.options.cancelGraceMs ?? 10_000;
    job.cancelTimer ??= setTimeout(() => {
      if (!this.pending.has(jobId)) return;
      this.failAll(
        new ParityError('CANCELLED', 'The job was cancelled; the engine did not stop in time and was restarted.'),
        [jobId],
      );
      this.restartEngine();
    }, grace);
  }

  /** Stops the engine process. Pending jobs fail with CANCELLED. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.watchdog) clearInterval(this.watchdog);
    const channel = this.channel;
    this.channel = undefined;
    this.failAll(new ParityError('CANCELLED', 'The engine was shut down.'));
    if (!channel) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        channel.kill();
        resolve();
      }, 2000);
      channel.onExit(() => {
        clearTimeout(timer);
        resolve();
      });
      channel.send({ type: 'shutdown' });
    });
  }

  /** Resolves once the engine process has started and said so. */
  async whenReady(): Promise<void> {
    this.ensureChannel();
    if (this.ready) return;
    await new Promise<void>((resolve) => this.readyWaiters.push(resolve));
  }

  private ensureChannel(): EngineChannel {
    if (this.channel) return this.channel;
    const channel = this.factory();
    this.channel = channel;
    this.ready = false;
    this.lastHeartbeat = Date.now();
    this.nativeCall = null;
    channel.onMessage((raw) => {
      if (this.channel === channel) this.handleMessage(raw);
    });
    channel.onExit((exit) => {
      if (this.channel !== channel) return;
      this.channel = undefined;
      if (this.closed) return;
      this.options.onCrash?.(exit);
      const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
      const cause = exit.stderrTail ? ` Last output: ${lastLine(exit.stderrTail)}` : '';
      this.failAll(
        new ParityError('ENGINE_CRASHED', `The engine process ${how}.${cause}`, 'The engine was restarted; run the job again.', {
          exitCode: exit.code,
          signal: exit.signal,
          stderrTail: exit.stderrTail,
        }),
      );
      this.restarts += 1;
    });
    this.startWatchdog();
    return channel;
  }

  private restartEngine(): void {
    const channel = this.channel;
    this.channel = undefined;
    channel?.kill();
    this.restarts += 1;
  }

  private startWatchdog(): void {
    if (this.watchdog) return;
    const hangTimeout = this.options.hangTimeoutMs ?? 60_000;
    const nativeTimeout = Math.max(hangTimeout, this.options.onnxRuntimeTimeoutMs ?? 30 * 60_000);
    this.watchdog = setInterval(() => {
      if (this.pending.size === 0 || !this.channel) return;
      const silent = Date.now() - this.lastHeartbeat;
      const native = this.nativeCall;
      // Heartbeats start once the engine has loaded its modules: a slow start on a busy machine is not a hang.
      const limit = !this.ready ? Math.max(hangTimeout, ENGINE_START_TIMEOUT_MS) : native ? nativeTimeout : hangTimeout;
      if (silent > Math.max(limit, HEARTBEAT_INTERVAL_MS * 3)) {
        this.failAll(
          native
            ? new ParityError(
                'ENGINE_HUNG',
                `ONNX Runtime did not return for ${Math.round(silent / 1000)} s (${native.what}); the engine was restarted.`,
                'The model may be far too heavy for this machine at this input size; try one image with fewer threads busy.',
              )
            : new ParityError(
                'ENGINE_HUNG',
                `The engine stopped responding for ${Math.round(silent / 1000)} s and was restarted.`,
                'A model or image may trigger a pathological case; try it alone to find which.',
              ),
        );
        this.restartEngine();
      }
    }, Math.min(1000, hangTimeout));
    this.watchdog.unref();
  }

  private handleMessage(raw: unknown): void {
    const parsed = EngineToHostSchema.safeParse(raw);
    if (!parsed.success) {
      this.options.onLog?.('warn', 'host ignored a malformed message from the engine');
      return;
    }
    const message = parsed.data;
    this.lastHeartbeat = Date.now();
    switch (message.type) {
      case 'ready':
        this.ready = true;
        for (const waiter of this.readyWaiters.splice(0)) waiter();
        return;
      case 'heartbeat':
        this.lastRss = message.rssBytes;
        this.nativeCall = message.onnxRuntime ?? null;
        return;
      case 'log':
        this.options.onLog?.(message.level, message.message);
        return;
      case 'progress':
        this.pending.get(message.jobId)?.onProgress?.(message.progress);
        return;
      case 'result': {
        const job = this.take(message.jobId);
        if (!job) return;
        const checked = JOBS[job.kind].result.safeParse(message.result);
        if (checked.success) job.resolve(checked.data);
        else job.reject(new ParityError('INTERNAL', `The engine returned a malformed ${job.kind} result: ${checked.error.message}`));
        return;
      }
      case 'error': {
        const job = this.take(message.jobId);
        job?.reject(ParityError.fromData(message.error));
        return;
      }
    }
  }

  private take(jobId: string): PendingJob | undefined {
    const job = this.pending.get(jobId);
    if (!job) return undefined;
    if (job.cancelTimer) clearTimeout(job.cancelTimer);
    this.pending.delete(jobId);
    return job;
  }

  private failAll(error: ParityError, only?: string[]): void {
    for (const jobId of only ?? [...this.pending.keys()]) this.take(jobId)?.reject(error);
  }
}

/** The engine's last words before dying, without the native and JavaScript stack dumps that follow them. */
function lastLine(text: string): string {
  let lines = text.split('\n').map((l) => l.trim());
  const dump = lines.findIndex((l) => /^-{3,} (Native|JavaScript) stack trace/.test(l));
  if (dump > 0) lines = lines.slice(0, dump);
  return lines.filter(Boolean).slice(-3).join(' | ').slice(0, 500);
}
