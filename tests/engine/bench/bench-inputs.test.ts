import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { batchFeeds, imageInputs, randomInputs } from '../../../main/engine/bench/bench-inputs.js';
import type { PreprocessSpec } from '../../../shared/preprocess.js';
import { ParityError } from '../../../shared/errors.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const SPEC: PreprocessSpec = {
  resize: 'stretch', width: 192, height: 48, colorOrder: 'RGB', layout: 'NCHW', scale: 255, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5], dtype: 'float32',
};

describe('bench inputs', () => {
  it('preprocesses a bounded, evenly spread sample of a folder', async () => {
    const set = await imageInputs(path.join(ROOT, 'samples/orientation/images'), SPEC, 6);
    expect(set.tensors).toHaveLength(6);
    expect(set.info).toMatchObject({ source: 'images', count: 6, seed: null, shape: [1, 3, 48, 192], dtype: 'float32' });
    for (const t of set.tensors) {
      expect(t.length).toBe(3 * 48 * 192);
      expect(Math.min(...t)).toBeGreaterThanOrEqual(-1);
      expect(Math.max(...t)).toBeLessThanOrEqual(1);
    }
    await expect(imageInputs(path.join(ROOT, 'no-such-folder'), SPEC, 4)).rejects.toThrow(ParityError);
  });

  it('makes seeded random images in the preprocessed range and says they are random', () => {
    const a = randomInputs(SPEC, 3, 5);
    const b = randomInputs(SPEC, 3, 5);
    expect(a.tensors).toEqual(b.tensors);
    expect(randomInputs(SPEC, 3, 6).tensors[0]).not.toEqual(a.tensors[0]);
    expect(a.info.source).toBe('random');
    expect(a.info.note).toMatch(/^random inputs \(no images given\)/);
    const values = a.tensors[0]!;
    expect(Math.min(...values)).toBe(-1);
    expect(Math.max(...values)).toBe(1);
  });

  it('batches images round robin into feeds of the batch size', () => {
    const set = randomInputs(SPEC, 3, 1);
    const feeds = batchFeeds(set, 2);
    const per = 3 * 48 * 192;
    expect(feeds).toHaveLength(3);
    expect(feeds[0]!.dims).toEqual([2, 3, 48, 192]);
    // feed k holds images 2k and 2k+1 (mod 3): feed 1 = images 2 and 0.
    expect([...feeds[1]!.data.slice(0, per)]).toEqual([...set.tensors[2]!]);
    expect([...feeds[1]!.data.slice(per)]).toEqual([...set.tensors[0]!]);
  });
});
