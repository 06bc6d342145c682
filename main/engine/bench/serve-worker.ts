/**
 * One worker of the serving pool (node:worker_threads): its own ONNX Runtime session with its share of the
 * intra-op threads, the request inputs copied in once, then one request at a time: { id, input } in, { id,
 * serviceMs } out. onnxruntime-node runs a session on its caller's JavaScript thread, so separate workers are
 * what lets requests run in parallel in one Node process.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { TensorInput } from '../infer/model-session.js';
import { BenchSession } from './bench-session.js';

export interface ServeWorkerData {
  model: string;
  inputName: string;
  threads: number;
  spinning: boolean;
  feeds: TensorInput[];
  warmup: number;
}

export type ServeWorkerRequest = { id: number; input: number } | { stop: true };
export type ServeWorkerReply =
  | { ready: true; createMs: number }
  | { id: number; serviceMs: number }
  | { failed: string; code?: string; hint?: string };

async function main(): Promise<void> {
  const port = parentPort!;
  const data = workerData as ServeWorkerData;
  let session: BenchSession;
  try {
    session = await BenchSession.open(data.model, { threads: data.threads, spinning: data.spinning });
    for (let w = 0; w < data.warmup; w++) await session.run(data.inputName, data.feeds[w % data.feeds.length]!);
  } catch (error) {
    const e = error as { message?: string; code?: string; hint?: string };
    port.postMessage({ failed: e.message ?? String(error), code: e.code, hint: e.hint } satisfies ServeWorkerReply);
    return;
  }
  port.postMessage({ ready: true, createMs: session.createMs } satisfies ServeWorkerReply);
  port.on('message', (message: ServeWorkerRequest) => {
    if ('stop' in message) {
      void session.release().finally(() => port.close());
      return;
    }
    const started = performance.now();
    session.run(data.inputName, data.feeds[message.input]!).then(
      () => port.postMessage({ id: message.id, serviceMs: performance.now() - started } satisfies ServeWorkerReply),
      (error: unknown) => port.postMessage({ failed: error instanceof Error ? error.message : String(error) } satisfies ServeWorkerReply),
    );
  });
}

void main();
