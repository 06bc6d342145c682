/** The `serve` job (`parity bench --serve`): requests/s and latency per concurrency level, and where it saturates. */
import os from 'node:os';
import path from 'node:path';
import type { ServeLoadLevel, ServeLoadModel, ServeLoadOptions, ServeLoadResult } from '../../../shared/contract/jobs/bench.js';
import { describeEnvironment } from '../env/versions.js';
import { BenchSession } from './bench-session.js';
import { writeJsonAtomic } from '../io/atomic-write.js';
import type { JobContext } from '../jobs/context.js';
import { batchFeeds } from './bench-inputs.js';
import { benchInputs, distinct } from './bench-job.js';
import { readBenchModels } from './model-facts.js';
import { saturationLevel, saturationSummary, serveLevel } from './serve-load.js';

/** A higher concurrency level must add at least this much throughput to count as growth. */
export const SATURATION_GAIN = 0.05;

function serveMethod(threads: number, durationSec: number): string {
  return (
    `Closed loop: at concurrency c, c clients each send their next request as soon as the previous one is answered, for ${durationSec} s per level, ` +
    `against one session per model (${threads} intra-op thread${threads === 1 ? '' : 's'}), each request one preprocessed image, round robin. ` +
    'Latency is from sending to answer, waiting in line included; percentile p = sorted[min(floor(n·p), n−1)]. ' +
    'Levels are interleaved across models (c₁: A, B; c₂: A, B; …) so that drift of the machine affects all alike. ' +
    'onnxruntime-node executes session.run() on the JavaScript thread, so one Node process serves one request at a time and a request uses the ' +
    'session\'s intra-op threads: concurrency above 1 adds waiting, not parallel work, unless the process has idle time between requests.'
  );
}

/** Runs the serving-load test for every model at every concurrency level. */
export async function serveLoadJob(params: ServeLoadOptions, ctx: JobContext): Promise<ServeLoadResult> {
  ctx.progress('reading models', 0, null);
  const { models: facts, spec } = await readBenchModels(params.models.map((m) => path.resolve(m)), params.preprocess);
  const inputs = await benchInputs(params, spec, ctx);
  const feeds = batchFeeds(inputs, 1);
  const threads = params.threads ?? os.availableParallelism();
  const levels = distinct(params.concurrency);
  const durationMs = params.durationSec * 1000;
  const sessions: BenchSession[] = [];
  try {
    for (const [i, model] of facts.entries()) {
      ctx.progress('loading models', i, facts.length);
      // Spinning as ONNX Runtime does by default: one model is under load at a time, as in a serving process.
      const session = await BenchSession.open(model.path, { threads, spinning: true });
      sessions.push(session);
      for (let w = 0; w < params.warmup; w++) await session.run(model.input.name, feeds[w % feeds.length]!);
    }
    const results: ServeLoadLevel[][] = facts.map(() => []);
    const total = levels.length * facts.length;
    let done = 0;
    for (const concurrency of levels) {
      for (const [m, model] of facts.entries()) {
        ctx.progress('serving load', done, total, `${model.label} at concurrency ${concurrency}`);
        results[m]!.push(await serveLevel(sessions[m]!, model.input.name, feeds, concurrency, durationMs, ctx.signal));
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
        levels: results[m]!,
        saturatedAt,
        summary: saturationSummary(results[m]!, saturatedAt, SATURATION_GAIN),
      };
    });
    const result: ServeLoadResult = {
      createdAt: new Date().toISOString(),
      environment: describeEnvironment(),
      inputs: inputs.info,
      threads,
      durationSec: params.durationSec,
      saturationGain: SATURATION_GAIN,
      models,
      method: serveMethod(threads, params.durationSec),
      json: params.json ? path.resolve(params.json) : null,
    };
    if (result.json) await writeJsonAtomic(result.json, result);
    return result;
  } finally {
    await Promise.all(sessions.map((s) => s.release()));
  }
}
