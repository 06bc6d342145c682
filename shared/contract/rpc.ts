/**
 * Messages between a host and the engine process. Both directions are validated on receipt: the other side
 * is another process, possibly crashed or from another build.
 */
import { z } from 'zod';
import { ParityErrorDataSchema } from '../errors.js';
import { JobProgressSchema } from './progress.js';

export const HostToEngineSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), jobId: z.string(), kind: z.string(), params: z.unknown() }),
  z.object({ type: z.literal('cancel'), jobId: z.string() }),
  z.object({ type: z.literal('shutdown') }),
]);
export type HostToEngine = z.infer<typeof HostToEngineSchema>;

export const EngineToHostSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), pid: z.number().int(), version: z.string() }),
  z.object({ type: z.literal('progress'), jobId: z.string(), progress: JobProgressSchema }),
  z.object({ type: z.literal('result'), jobId: z.string(), result: z.unknown() }),
  z.object({ type: z.literal('error'), jobId: z.string(), error: ParityErrorDataSchema }),
  z.object({
    type: z.literal('heartbeat'),
    rssBytes: z.number(),
    runningJobs: z.array(z.string()),
    /**
     * Set when the engine is about to block inside ONNX Runtime (which creates and runs sessions synchronously):
     * what it runs and since when (ms since the epoch). Until the next heartbeat the silence is that call's.
     */
    onnxRuntime: z.object({ what: z.string(), since: z.number() }).nullable().optional(),
  }),
  z.object({ type: z.literal('log'), level: z.enum(['debug', 'info', 'warn', 'error']), message: z.string() }),
]);
export type EngineToHost = z.infer<typeof EngineToHostSchema>;

export const HEARTBEAT_INTERVAL_MS = 1000;
