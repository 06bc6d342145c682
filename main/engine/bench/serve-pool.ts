/**
 * A pool of worker threads serving one model, as a serving process would: each worker holds its own session with
 * `threadsPerWorker` intra-op threads; requests wait in one queue (first come, first served) until a worker is free.
 * Each request records its queueing time (arrival to hand-over), service time (the run in the worker) and latency
 * (arrival to answer, message passing included).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ParityError } from '../../../shared/errors.js';
import type { TensorInput } from '../infer/model-session.js';
import type { ServeWorkerData, ServeWorkerReply, ServeWorkerRequest } from './serve-worker.js';

export interface PoolShape {
  workers: number;
  threadsPerWorker: number;
}

export interface ServedRequest {
  queueMs: number;
  serviceMs: number;
  latencyMs: number;
}

interface Pending {
  id: number;
  input: number;
  arrived: number;
  dispatched: number;
  resolve: (r: ServedRequest) => void;
  reject: (e: Error) => void;
}

/** The compiled worker script; from TypeScript sources (tests) its built copy under dist/. */
function workerPath(): string {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) return path.resolve(path.dirname(here), '..', '..', '..', 'dist', 'main', 'engine', 'bench', 'serve-worker.js');
  return path.join(path.dirname(here), 'serve-worker.js');
}

export class ServePool {
  private readonly idle: Worker[] = [];
  private readonly queue: Pending[] = [];
  private readonly inFlight = new Map<Worker, Pending>();
  private nextId = 0;
  private failure: Error | null = null;

  private constructor(
    readonly shape: PoolShape,
    private readonly workers: Worker[],
  ) {
    this.idle.push(...workers);
    for (const worker of workers) {
      worker.on('message', (reply: ServeWorkerReply) => this.onReply(worker, reply));
      worker.on('error', (error) => this.fail(error));
    }
  }

  /** Starts the workers (sessions created and warmed up in parallel); rejects with the first worker's failure. */
  static async start(model: string, inputName: string, feeds: readonly TensorInput[], shape: PoolShape, warmup: number): Promise<ServePool> {
    const data: ServeWorkerData = { model, inputName, threads: shape.threadsPerWorker, spinning: shape.workers === 1, feeds: [...feeds], warmup };
    const workers = Array.from({ length: shape.workers }, () => new Worker(workerPath(), { workerData: data }));
    const ready = workers.map(
      (worker) =>
        new Promise<void>((resolve, reject) => {
          worker.once('message', (reply: ServeWorkerReply) => {
            if ('ready' in reply) resolve();
            else if ('failed' in reply) reject(new ParityError(reply.code === 'BAD_MODEL' ? 'BAD_MODEL' : 'ORT_ERROR', reply.failed, reply.hint));
          });
          worker.once('error', reject);
        }),
    );
    try {
      await Promise.all(ready);
    } catch (error) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw error;
    }
    return new ServePool(shape, workers);
  }

  /** Queues one request for input `input`; resolves when a worker has answered it. */
  submit(input: number): Promise<ServedRequest> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, input, arrived: performance.now(), dispatched: 0, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const request = this.queue.shift()!;
      request.dispatched = performance.now();
      this.inFlight.set(worker, request);
      worker.postMessage({ id: request.id, input: request.input } satisfies ServeWorkerRequest);
    }
  }

  private onReply(worker: Worker, reply: ServeWorkerReply): void {
    if ('failed' in reply) {
      this.fail(new ParityError('ORT_ERROR', reply.failed));
      return;
    }
    if (!('id' in reply)) return;
    const request = this.inFlight.get(worker);
    this.inFlight.delete(worker);
    this.idle.push(worker);
    if (request) {
      const now = performance.now();
      request.resolve({ queueMs: request.dispatched - request.arrived, serviceMs: reply.serviceMs, latencyMs: now - request.arrived });
    }
    this.dispatch();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const request of [...this.queue, ...this.inFlight.values()]) request.reject(this.failure);
    this.queue.length = 0;
    this.inFlight.clear();
  }

  /** Stops every worker (sessions released). */
  async close(): Promise<void> {
    await Promise.all(
      this.workers.map(
        (worker) =>
          new Promise<void>((resolve) => {
            const timer = setTimeout(() => void worker.terminate().then(() => resolve()), 2000);
            worker.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            worker.postMessage({ stop: true } satisfies ServeWorkerRequest);
          }),
      ),
    );
  }
}
