/**
 * Sessions timed in turns (bench/runs-in-turns.ts): real ONNX Runtime sessions of three different models, each run
 * recorded as it happens, so the test sees the order the timing used and the medians it reported.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { timeInTurns } from '../../../main/engine/bench/runs-in-turns.js';
import { createCpuSession, type CpuSession, type TensorInput } from '../../../main/engine/infer/index.js';
import { writeModel } from '../../../main/engine/onnx/index.js';
import { removeTempDirs, tempDir, tinyLinearModel } from '../onnx/model-builders.js';

afterAll(removeTempDirs);

describe('timing sessions in turns', () => {
  it('has each session follow every other equally often, and reports one median per session', async () => {
    const dir = tempDir('runs-in-turns');
    const sessions: CpuSession[] = [];
    for (const width of [2, 3, 5]) {
      const file = path.join(dir, `linear-${width}.onnx`);
      await writeModel(tinyLinearModel(4, width), file);
      sessions.push(await createCpuSession(file, { intraOpThreads: 1, optimizationLevel: 'all', spinning: false, quiet: true }));
    }
    try {
      const order: number[] = [];
      const recorded = sessions.map((s, k) => ({ run: (feed: Readonly<Record<string, TensorInput>>) => (order.push(k), s.run(feed)) }));
      const feed = { x: { dtype: 'float32' as const, data: Float32Array.from([1, 2, 3, 4]), dims: [1, 4] } };
      // 12 rounds exactly (no minimum time): two full cycles of 3 forward and 3 backward rotations.
      const { medians, rounds } = await timeInTurns(recorded, feed, { minRounds: 12, minTotalMs: 0, maxRounds: 12, fewestRounds: 12, maxTotalMs: Infinity });
      expect(rounds).toBe(12);
      expect(medians).toHaveLength(3);
      for (const m of medians) expect(m).toBeGreaterThan(0);
      // One untimed warm-up run each, in order, then 12 rounds of 3.
      expect(order.slice(0, 3)).toEqual([0, 1, 2]);
      const timed = order.slice(3);
      expect(timed).toHaveLength(36);
      const follows = new Map<string, number>();
      for (let r = 0; r < 12; r++) {
        const round = timed.slice(r * 3, r * 3 + 3);
        expect([...round].sort()).toEqual([0, 1, 2]);
        for (let k = 1; k < 3; k++) follows.set(`${round[k - 1]}→${round[k]}`, (follows.get(`${round[k - 1]}→${round[k]}`) ?? 0) + 1);
      }
      // Every ordered pair of different sessions is adjacent within a round 4 times: none always runs behind another.
      expect(Object.fromEntries([...follows].sort())).toEqual({ '0→1': 4, '0→2': 4, '1→0': 4, '1→2': 4, '2→0': 4, '2→1': 4 });
    } finally {
      await Promise.all(sessions.map((s) => s.release()));
    }
  });
});
