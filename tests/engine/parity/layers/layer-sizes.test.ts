/**
 * The layers pass sizes its groups from ONNX Runtime's inferred shapes (the input's symbolic batch bound to the fed
 * one) instead of running the model to learn them, and its per-run budget follows the free memory within bounds.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { chunkLimitBytes, CHUNK_BYTES, MAX_CHUNK_BYTES, tensorSizes } from '../../../../main/engine/parity/layers/layer-sizes.js';
import { pairTensors } from '../../../../main/engine/parity/layers/tensor-pairs.js';
import { openWithOutputs } from '../../../../main/engine/parity/layers/with-outputs.js';
import { readModel, writeModel } from '../../../../main/engine/onnx/index.js';
import { tinyMobileBlock } from '../../convert/helpers.js';
import { removeTempDirs, tempDir } from '../../onnx/model-builders.js';
import path from 'node:path';

afterAll(removeTempDirs);

describe('layer sizes', () => {
  it('every size equals the byte length the run returns, for a batch of 3 fed to a model whose batch is symbolic', async () => {
    const file = path.join(tempDir('parity-layer-sizes-'), 'block.onnx');
    await writeModel(tinyMobileBlock(), file);
    const model = await readModel(file);
    const pairs = pairTensors(model.proto.graph!, model.proto.graph!).pairs.filter((p) => p.tensor !== 'flat_shape');
    const session = await openWithOutputs(model, pairs.map((p) => p.tensor), 'reference', { threads: 1, optimizationLevel: 'basic' });
    try {
      const feed = { x: { dtype: 'float32' as const, data: new Float32Array(3 * 3 * 16 * 16).fill(0.25), dims: [3, 3, 16, 16] } };
      let runs = 0;
      const counting = new Proxy(session, { get: (target, key) => (key === 'run' ? (...args: Parameters<typeof session.run>) => (runs++, target.run(...args)) : Reflect.get(target, key, target)) });
      const sizes = await tensorSizes(counting, feed, 'x', pairs);
      const inferredOnly = runs;
      const out = await session.run(feed, pairs.map((p) => p.tensor));
      expect(sizes).toEqual(pairs.map((p) => out[p.tensor]!.data.byteLength));
      expect(sizes.every((b) => b > 0)).toBe(true);
      // The Reshape's target shape is computed from the data: at most that kind of tensor is measured by running.
      expect(inferredOnly).toBeLessThanOrEqual(1);
    } finally {
      await session.release();
    }
  });

  it('the per-run budget is an eighth of the free memory, within its bounds', () => {
    expect(chunkLimitBytes(0)).toBe(CHUNK_BYTES);
    expect(chunkLimitBytes(8 * 2 ** 30)).toBe(2 ** 30);
    expect(chunkLimitBytes(64 * 2 ** 30)).toBe(MAX_CHUNK_BYTES);
  });
});
