/** The engine's message loop: validates requests, runs job handlers, streams progress, results and heartbeats. */
import { HostToEngineSchema, HEARTBEAT_INTERVAL_MS, type EngineToHost } from '../../../shared/contract/rpc.js';
import { JOBS, isJobKind, type JobKind } from '../../../shared/contract/jobs/index.js';
import { ParityError, toErrorData } from '../../../shared/errors.js';
import { nativeCallInProgress, onNativeCallStart, type NativeCall } from '../infer/native-calls.js';
import { createJobContext } from '../jobs/context.js';
import { HEAVY_JOBS, type JobHandlers } from '../jobs/handler.js';
import { JobQueue } from '../jobs/job-queue.js';
import type { EngineTransport } from './transport.js';

export interface EngineServerOptions {
  version: string;
  maxHeavyJobs: number;
}

export function startEngineServer(transport: EngineTransport, handlers: JobHandlers, options: EngineServerOptions): void {
  const running = new Map<string, AbortController>();
  const queue = new JobQueue(options.maxHeavyJobs);
  const send = (message: EngineToHost): void => transport.send(message);

  // Whether the last heartbeat announced a call into ONNX Runtime, and when it was sent.
  let announced = { native: false, at: 0 };
  const sendHeartbeat = (call: NativeCall | null): void => {
    send({ type: 'heartbeat', rssBytes: process.memoryUsage.rss(), runningJobs: [...running.keys()], onnxRuntime: call });
    announced = { native: call !== null, at: Date.now() };
  };
  const heartbeat = setInterval(() => sendHeartbeat(nativeCallInProgress()), HEARTBEAT_INTERVAL_MS);
  heartbeat.unref();
  // A synchronous ONNX Runtime call may hold the thread past the hang watchdog: say so before it starts (at most a
  // few times a second for models that run in a millisecond).
  onNativeCallStart((call) => {
    if (!announced.native || Date.now() - announced.at > HEARTBEAT_INTERVAL_MS / 4) sendHeartbeat(call);
  });

  const runJob = async (jobId: string, kind: JobKind, rawParams: unknown): Promise<void> => {
    const controller = new AbortController();
    running.set(jobId, controller);
    let release: (() => void) | undefined;
    try {
      const parsed = JOBS[kind].params.safeParse(rawParams);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue && issue.path.length > 0 ? ` (${issue.path.join('.')})` : '';
        throw new ParityError('BAD_OPTION', `Invalid ${kind} parameters${where}: ${issue?.message ?? 'invalid'}`);
      }
      const ctx = createJobContext(
        jobId,
        controller.signal,
        (progress) => send({ type: 'progress', jobId, progress }),
        (level, message) => send({ type: 'log', level, message }),
      );
      if (HEAVY_JOBS.has(kind)) {
        if (queue.pending > 0 || running.size > 1) ctx.progress('waiting for another job to finish', 0, null);
        release = await queue.acquire(controller.signal);
      }
      ctx.throwIfCancelled();
      const handler = handlers[kind] as (params: unknown, c: typeof ctx) => Promise<unknown>;
      const result = await handler(parsed.data, ctx);
      send({ type: 'result', jobId, result });
    } catch (error) {
      const data = controller.signal.aborted
        ? new ParityError('CANCELLED', 'The job was cancelled.').toData()
        : toErrorData(error);
      if (data.code === 'INTERNAL' && error instanceof Error && error.stack) {
        send({ type: 'log', level: 'error', message: error.stack });
      }
      send({ type: 'error', jobId, error: data });
    } finally {
      release?.();
      running.delete(jobId);
    }
  };

  transport.onMessage((raw) => {
    const parsed = HostToEngineSchema.safeParse(raw);
    if (!parsed.success) {
      send({ type: 'log', level: 'warn', message: 'engine ignored a malformed message from the host' });
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'start': {
        if (running.has(message.jobId)) {
          send({ type: 'error', jobId: message.jobId, error: { code: 'BAD_OPTION', message: 'duplicate job id' } });
          return;
        }
        if (!isJobKind(message.kind)) {
          send({
            type: 'error',
            jobId: message.jobId,
            error: { code: 'BAD_OPTION', message: `Unknown job kind "${message.kind}".` },
          });
          return;
        }
        void runJob(message.jobId, message.kind, message.params);
        return;
      }
      case 'cancel':
        running.get(message.jobId)?.abort(new ParityError('CANCELLED', 'The job was cancelled.'));
        return;
      case 'shutdown':
        clearInterval(heartbeat);
        for (const controller of running.values()) controller.abort();
        setImmediate(() => process.exit(0));
        return;
    }
  });
  transport.onDisconnect(() => process.exit(0));
  send({ type: 'ready', pid: process.pid, version: options.version });
}
