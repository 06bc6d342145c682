import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { toBinary } from '@bufbuild/protobuf';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ModelProtoSchema } from '../../../main/engine/onnx/generated/onnx_pb.js';
import { largeMatMulModel, removeTempDirs, tempDir } from '../onnx/model-builders.js';
import { ParityError } from '../../../shared/errors.js';
import type { EngineClient } from '../../../main/engine/index.js';
import { startTestEngine } from '../../helpers/engine.js';

let engine: EngineClient | undefined;
afterEach(async () => {
  await engine?.close();
  engine = undefined;
});
afterAll(removeTempDirs);

async function failure(promise: Promise<unknown>): Promise<ParityError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ParityError);
    return error as ParityError;
  }
  throw new Error('expected the job to fail');
}

describe('engine process', () => {
  it('runs a job in another process and reports its environment', async () => {
    engine = startTestEngine();
    const result = await engine.run('versions', {});
    expect(result.pid).not.toBe(process.pid);
    expect(result.pid).toBe(engine.enginePid);
    expect(result.environment.cores).toBeGreaterThan(0);
    expect(result.environment.ortVersion).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('streams progress and cancels a running job, then keeps working', async () => {
    engine = startTestEngine();
    const controller = new AbortController();
    const seen: number[] = [];
    const job = engine.run('debug', { action: 'sleep', ms: 20_000 }, {
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p.done);
        if (seen.length === 3) controller.abort();
      },
    });
    const error = await failure(job);
    expect(error.code).toBe('CANCELLED');
    expect(seen.length).toBeGreaterThanOrEqual(3);
    const pid = engine.enginePid;
    expect((await engine.run('versions', {})).pid).toBe(pid);
  });

  it('rejects invalid parameters with BAD_OPTION naming the field', async () => {
    engine = startTestEngine();
    const error = await failure(engine.run('debug', { action: 'sleep', ms: -5 }));
    expect(error.code).toBe('BAD_OPTION');
    expect(error.message).toContain('ms');
  });

  it('turns an engine abort into a failed job with the cause, and restarts for the next job', async () => {
    const crashes: string[] = [];
    engine = startTestEngine({ onCrash: (exit) => crashes.push(String(exit.signal ?? exit.code)) });
    const before = (await engine.run('versions', {})).pid;
    const error = await failure(engine.run('debug', { action: 'abort' }));
    expect(error.code).toBe('ENGINE_CRASHED');
    expect(error.message).toMatch(/SIGABRT|code/);
    expect(error.message).toContain('aborting the engine');
    expect(crashes).toHaveLength(1);
    const after = await engine.run('versions', {});
    expect(after.pid).not.toBe(before);
    expect(engine.restartCount).toBe(1);
  });

  it('detects a hung engine by its missing heartbeat and recovers', async () => {
    engine = startTestEngine({ hangTimeoutMs: 3000 });
    const started = Date.now();
    const error = await failure(engine.run('debug', { action: 'hang', ms: 60_000 }));
    expect(error.code).toBe('ENGINE_HUNG');
    expect(Date.now() - started).toBeLessThan(15_000);
    const after = await engine.run('versions', {});
    expect(after.pid).toBeGreaterThan(0);
  });

  it('tells a long ONNX Runtime call from a hang: the engine announces it, the watchdog waits for it', async () => {
    // Four 2048×2048 MatMuls on a [16384, 2048] input, one thread: seconds inside one synchronous onnxruntime-node run
    // (as ISNet at 1024×1024 takes on a loaded machine), far past the 3 s the watchdog allows a silent engine.
    const model = path.join(tempDir(), 'matmuls.onnx');
    writeFileSync(model, toBinary(ModelProtoSchema, largeMatMulModel(64, 2048)));
    engine = startTestEngine({ hangTimeoutMs: 1000 });
    await engine.run('versions', {}); // started: a slow start on a loaded machine is not what this test is about
    const result = await engine.run('debug', { action: 'infer', model, dims: [16384, 2048] });
    expect(result.slept).toBeGreaterThan(3500);
    expect(engine.restartCount).toBe(0);
    // The allowance is for the announced call only: a hang in the engine's own code is still caught.
    const error = await failure(engine.run('debug', { action: 'hang', ms: 60_000 }));
    expect(error.code).toBe('ENGINE_HUNG');
  }, 300_000);

  it('gives up on an ONNX Runtime call that outlasts its own limit', async () => {
    const model = path.join(tempDir(), 'matmuls.onnx');
    writeFileSync(model, toBinary(ModelProtoSchema, largeMatMulModel(64, 2048)));
    engine = startTestEngine({ hangTimeoutMs: 1000, onnxRuntimeTimeoutMs: 1000 });
    await engine.run('versions', {});
    const error = await failure(engine.run('debug', { action: 'infer', model, dims: [16384, 2048] }));
    expect(error.code).toBe('ENGINE_HUNG');
    // On a loaded machine loading the 1 GB of weights can be the call that outlasts the limit, rather than the run.
    expect(error.message).toMatch(/ONNX Runtime did not return for \d+ s \((run|load) .*matmuls\.onnx\)/);
  }, 300_000);

  it('kills a job that ignores cancellation once the grace period is over', async () => {
    engine = startTestEngine({ cancelGraceMs: 1000, hangTimeoutMs: 120_000 });
    const controller = new AbortController();
    const job = engine.run('debug', { action: 'hang', ms: 30_000 }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    const error = await failure(job);
    expect(error.code).toBe('CANCELLED');
    expect((await engine.run('versions', {})).pid).toBeGreaterThan(0);
  });
});
