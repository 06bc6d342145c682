/** --shard k/N and --shard auto (JOB_COMPLETION_INDEX, PARITY_SHARD_*), and the split of images by path hash. */
import { describe, expect, it } from 'vitest';
import { parseShardFlag } from '../../main/cli/shard-flag.js';
import { shardOf } from '../../main/engine/parity/shard/shard-of.js';

const paths = (n: number, prefix = 'class'): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i % 7}/img-${String(i).padStart(5, '0')}.jpg`);

describe('--shard', () => {
  it('reads k/N, and k and N from the environment for auto', () => {
    expect(parseShardFlag('2/8')).toEqual({ index: 2, count: 8 });
    expect(parseShardFlag(' 0 / 1 ')).toEqual({ index: 0, count: 1 });
    expect(parseShardFlag('auto', { JOB_COMPLETION_INDEX: '3', PARITY_SHARD_COUNT: '4' })).toEqual({ index: 3, count: 4 });
    // PARITY_SHARD_INDEX wins over a scheduler's index, so a wrapper can renumber.
    expect(parseShardFlag('auto', { PARITY_SHARD_INDEX: '1', JOB_COMPLETION_INDEX: '3', PARITY_SHARD_COUNT: '4' })).toEqual({ index: 1, count: 4 });
  });

  it('refuses what is not a shard of a run, saying why', () => {
    expect(() => parseShardFlag('3/3')).toThrow(/index must be a whole number from 0 to 2/);
    expect(() => parseShardFlag('1/0')).toThrow(/shard count must be a whole number from 1/);
    expect(() => parseShardFlag('half')).toThrow(/--shard must be k\/N or auto, got "half"/);
    expect(() => parseShardFlag('-1/3')).toThrow(/k\/N or auto/);
    expect(() => parseShardFlag('auto', { PARITY_SHARD_COUNT: '4' })).toThrow(/neither PARITY_SHARD_INDEX nor JOB_COMPLETION_INDEX is set/);
    expect(() => parseShardFlag('auto', { JOB_COMPLETION_INDEX: '0' })).toThrow(/PARITY_SHARD_COUNT is not set/);
    expect(() => parseShardFlag('auto', { JOB_COMPLETION_INDEX: '4', PARITY_SHARD_COUNT: '4' })).toThrow(/from 0 to 3/);
  });
});

describe('shardOf', () => {
  it('splits images about evenly, by path only: adding files moves no image to another shard', () => {
    const before = paths(3000);
    const counts = [0, 0, 0, 0];
    for (const p of before) counts[shardOf(p, 4)]! += 1;
    for (const c of counts) expect(Math.abs(c - 750)).toBeLessThan(100);
    const owners = new Map(before.map((p) => [p, shardOf(p, 4)]));
    const after = [...paths(500, 'new'), ...before].sort();
    for (const p of after) if (owners.has(p)) expect(shardOf(p, 4)).toBe(owners.get(p));
    expect(shardOf('a/b.png', 1)).toBe(0);
  });
});
