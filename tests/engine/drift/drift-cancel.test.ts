/** A drift job in the engine process reports its stages, stops when cancelled, writes nothing, and the engine goes on. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ParityError } from '../../../shared/errors.js';
import { EngineClient, forkChannelFactory } from '../../../main/engine/index.js';
import { removeScratchDirs, SAMPLE, scratchDir } from '../../helpers/cli.js';

afterAll(removeScratchDirs);

describe('a drift job in the engine process', () => {
  it('streams reference then field with progress, stops when cancelled mid-way, and the next job runs', async () => {
    const work = scratchDir('parity-drift-cancel-');
    // A cold cache of its own: with the machine's warm resemblance cache the matching finishes before the cancel lands.
    const engine = new EngineClient(forkChannelFactory({ env: { PARITY_TEST_HOOKS: '1', PARITY_CACHE_DIR: path.join(work, 'cache') } }));
    try {
      const runDir = path.join(work, 'run');
      const controller = new AbortController();
      const stages: string[] = [];
      let cancelledAt = -1;
      const params = { reference: path.join(SAMPLE.images, '0'), field: path.join(SAMPLE.images, '180'), runDir, resembleSample: 40 };
      const error = await engine
        .run('drift', params, {
          signal: controller.signal,
          onProgress: (p) => {
            if (stages.at(-1) !== p.stage) stages.push(p.stage);
            if (p.stage === 'matching perturbations' && p.done >= 3 && cancelledAt < 0) {
              cancelledAt = p.done;
              controller.abort();
            }
          },
        })
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(ParityError);
      expect((error as ParityError).code).toBe('CANCELLED');
      expect(stages.slice(0, 3)).toEqual(['reference images', 'field images', 'matching perturbations']);
      expect(cancelledAt).toBeLessThan(110);
      expect(existsSync(path.join(runDir, 'drift.json'))).toBe(false);
      const again = await engine.run('drift', { ...params, resembleSample: 0 });
      expect(again.report.field.images).toBe(100);
      expect(again.gate.passed).toBe(true);
      expect(existsSync(path.join(runDir, 'drift.json'))).toBe(true);
    } finally {
      await engine.close();
    }
  });
});
