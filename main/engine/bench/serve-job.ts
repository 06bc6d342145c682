/** The `serve` job (`parity bench --serve`): requests/s and latency per concurrency level, and where it saturates. */
import os from 'node:os';
import path from 'node:path';
import type { PoolTrial, ServeLoadLevel, ServeLoadModel, ServeLoadOptions, ServeLoadResult } from '../../../shared/contract/jobs/bench.js';
import { describeEnvironment } from '../env/versions.js';
import { writeJsonAtomic } from '../io/atomic-write.js';
import type { JobContext } from '../jobs/context.js';
import { batchFeeds } from './bench-inputs.js';
import { benchInputs, distinct } from './bench-job.js';
import { readBenchModels } from './model-facts.js';
import { choosePoolShape, poolShapes, saturationLevel, saturationSummary, serveLevel, servingSummary } from './serve-load.js';
import { ServePool, type PoolShape } from './serve-pool.js';

/** A higher concurrency level must add at least this much throughput to count as growth. */
export const SATURATION_GAIN = 0.05;

function serveMethod(durationSec: number): string {
  return (
    `Closed loop: at concurrency c, c clients each send their next request as soon as the previous one is answered, for ${durationSec} s per level, ` +
    'against a pool of worker threads per model, each worker with its own ONNX Runtime session and its share of the intra-op threads; ' +
    'requests wait in one first-come-first-served queue until a worker is free. Each request is one preprocessed image, the same sequence for every model and level. ' +
    'Latency is from sending to answer (queueing and message passing included), queueing from sending to a worker taking it, service the run in the worker; ' +
    'percentile p = sorted[min(floor(n·p), n−1)]. Levels are interleaved across models (c₁: A, B; c₂: A, B; …) so that drift of the machine affects all alike. ' +
    'The pool shape (workers × threads per worker, using every core) is chosen per model by a short trial of each shape with every worker busy, unless given.'
  );
}

/** The pool shape to use: given (workers and/or threads), or every shape that fills the cores, to be tried. */
function shapesToTry(params: ServeLoadOptions, cores: number): { shapes: PoolShape[]; given: boolean } {
  if (params.workers === null && params.threads === null) return { shapes: poolShapes(cores), given: false };
  const workers = params.workers ?? Math.max(1, Math.floor(cores / (params.threads ?? cores)));
  const threadsPerWorker = params.threads ?? Math.max(1, Math.floor(cores / workers));
  return { shapes: [{ workers, threadsPerWorker }], given: true };
}

/** Runs the serving-load test for every model at every concurrency level, each model served by a pool of workers. */
export async function serveLoadJob(params: ServeLoadOptions, ctx: JobContext): Promise<ServeLoadResult> {
  ctx.progress('reading models', 0, null);
  const { models: facts, spec } = await readBenchModels(params.models.map((m) => path.resolve(m)), params.preprocess);
  const inputs = await benchInputs(params, spec, ctx);
  // Each worker gets its own copy of the inputs (onnxruntime-node does not take SharedArrayBuffer-backed tensors).
  const feeds = batchFeeds(inputs, 1);
  const cores = os.availableParallelism();
  const levels = distinct(params.concurrency);
  const durationMs = params.durationSec * 1000;
  const { shapes, given } = shapesToTry(params, cores);
  const start = (model: (typeof facts)[number]) => (shape: PoolShape) => ServePool.start(model.path, model.input.name, feeds, shape, params.warmup);

  // The pool shape of each model: given, or the one that served the most requests/s in a short trial.
  const trials: PoolTrial[][] = [];
  for (const [i, model] of facts.entries()) {
    ctx.progress('choosing the pool', i, facts.length, model.label);
    trials.push(given ? [] : await choosePoolShape(start(model), shapes, feeds.length, params.trialSec * 1000, ctx.signal));
    ctx.throwIfCancelled();
  }
  const chosen = trials.map((t) => (t[0] ? { workers: t[0].workers, threadsPerWorker: t[0].threadsPerWorker } : shapes[0]!));

  const pools: ServePool[] = [];
  try {
    for (const [i, model] of facts.entries()) {
      ctx.progress('loading models', i, facts.length);
      pools.push(await start(model)(chosen[i]!));
    }
    const results: ServeLoadLevel[][] = facts.map(() => []);
    const total = levels.length * facts.length;
    let done = 0;
    for (const concurrency of levels) {
      for (const [m, model] of facts.entries()) {
        ctx.progress('serving load', done, total, `${model.label} at concurrency ${concurrency}`);
        results[m]!.push(await serveLevel(pools[m]!, feeds.length, concurrency, durationMs, ctx.signal));
        ctx.throwIfCancelled();
        done += 1;
      }
    }
    ctx.progress('serving load', total, total);
    const models: ServeLoadModel[] = facts.map((model, m) => {
      const saturatedAt = saturationLevel(results[m]!, SATURATION_GAIN);
      return {
        label: model.label,
        path: model.path,
        workers: chosen[m]!.workers,
        threadsPerWorker: chosen[m]!.threadsPerWorker,
        poolTrials: trials[m]!,
        levels: results[m]!,
        saturatedAt,
        summary: saturationSummary(results[m]!, saturatedAt, SATURATION_GAIN),
      };
    });
    const result: ServeLoadResult = {
      createdAt: new Date().toISOString(),
      environment: describeEnvironment(),
      inputs: inputs.info,
      threads: cores,
      workers: chosen[0]!.workers,
      threadsPerWorker: chosen[0]!.threadsPerWorker,
      durationSec: params.durationSec,
      saturationGain: SATURATION_GAIN,
      models,
      servingSummary: servingSummary(models, params.summaryImages),
      method: serveMethod(params.durationSec),
      json: params.json ? path.resolve(params.json) : null,
    };
    if (result.json) await writeJsonAtomic(result.json, result);
    return result;
  } finally {
    await Promise.all(pools.map((p) => p.close()));
  }
}
