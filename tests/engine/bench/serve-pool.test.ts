/**
 * The serving pool on the real PaddleOCR classifier: worker threads with their own sessions answer every request,
 * the counts and statistics of a level add up, the shapes tried fill the cores, and a model ONNX Runtime cannot
 * run fails the pool with a typed error. (Speed is checked by bench/serve-pool.ts, not here.)
 */
import { afterAll, describe, expect, it } from 'vitest';
import { randomInputs, batchFeeds } from '../../../main/engine/bench/bench-inputs.js';
import { ServePool } from '../../../main/engine/bench/serve-pool.js';
import { choosePoolShape, poolShapes, serveLevel, servingSummary } from '../../../main/engine/bench/serve-load.js';
import { ParityError } from '../../../shared/errors.js';
import type { PreprocessSpec } from '../../../shared/preprocess.js';
import { CLS_MODEL, removeTempDirs, tempDir } from '../onnx/model-builders.js';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

const spec: PreprocessSpec = { resize: 'stretch', width: 192, height: 48, colorOrder: 'BGR', layout: 'NCHW', scale: 255, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5], dtype: 'float32' };
const feeds = batchFeeds(randomInputs(spec, 4, 7), 1);
const never = new AbortController().signal;

afterAll(removeTempDirs);

describe('serving pool', () => {
  it('answers every request of a level with two workers, and the figures add up', async () => {
    const pool = await ServePool.start(CLS_MODEL, 'x', feeds, { workers: 2, threadsPerWorker: 1 }, 1);
    try {
      const level = await serveLevel(pool, feeds.length, 3, 600, never);
      expect(level.concurrency).toBe(3);
      expect(level.requests).toBeGreaterThan(3);
      expect(level.latencyMs!.runs).toBe(level.requests);
      expect(level.queueMs!.runs).toBe(level.requests);
      expect(level.serviceMs!.runs).toBe(level.requests);
      expect(level.requestsPerSec).toBeCloseTo((level.requests * 1000) / level.durationMs, 6);
      // A request's latency covers its wait and its run; with 3 clients and 2 workers someone always waits.
      expect(level.latencyMs!.mean).toBeGreaterThanOrEqual(level.serviceMs!.mean);
      expect(level.latencyMs!.mean).toBeGreaterThanOrEqual(level.queueMs!.mean);
      expect(level.queueMs!.max).toBeGreaterThan(0);
      // One client at a time never queues.
      const single = await serveLevel(pool, feeds.length, 1, 300, never);
      expect(single.queueMs!.max).toBeLessThan(single.serviceMs!.min);
    } finally {
      await pool.close();
    }
  });

  it('tries every shape that fills the cores and ranks them by requests/s', async () => {
    expect(poolShapes(2)).toEqual([{ workers: 1, threadsPerWorker: 2 }, { workers: 2, threadsPerWorker: 1 }]);
    expect(poolShapes(6)).toEqual([
      { workers: 1, threadsPerWorker: 6 },
      { workers: 2, threadsPerWorker: 3 },
      { workers: 4, threadsPerWorker: 1 },
      { workers: 6, threadsPerWorker: 1 },
    ]);
    const trials = await choosePoolShape((shape) => ServePool.start(CLS_MODEL, 'x', feeds, shape, 1), poolShapes(2), feeds.length, 300, never);
    expect(trials.map((t) => `${t.workers}x${t.threadsPerWorker}`).sort()).toEqual(['1x2', '2x1']);
    expect(trials[0]!.requestsPerSec).toBeGreaterThanOrEqual(trials[1]!.requestsPerSec);
    expect(trials.every((t) => t.concurrency === 2 * t.workers && t.requestsPerSec > 0)).toBe(true);
  });

  it('summarises the time to serve N images from the measured rates', () => {
    const level = (concurrency: number, requestsPerSec: number) => ({ concurrency, requests: 1, durationMs: 1, requestsPerSec, latencyMs: null, queueMs: null, serviceMs: null });
    const summary = servingSummary(
      [
        { label: 'a.onnx', levels: [level(1, 100), level(2, 250), level(4, 240)] },
        { label: 'b.onnx', levels: [level(1, 200), level(2, 400), level(4, 500)] },
      ],
      1000,
    );
    expect(summary).toEqual({ images: 1000, clients: 2, rows: [{ label: 'a.onnx', sequentialSec: 10, parallelSec: 4 }, { label: 'b.onnx', sequentialSec: 5, parallelSec: 2.5 }] });
  });

  it('fails with a typed error when a worker cannot load the model', async () => {
    const bad = path.join(tempDir(), 'broken.onnx');
    writeFileSync(bad, Buffer.from('not an onnx model at all'));
    const started = ServePool.start(bad, 'x', feeds, { workers: 2, threadsPerWorker: 1 }, 0);
    await expect(started).rejects.toBeInstanceOf(ParityError);
  });
});
