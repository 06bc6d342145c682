import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ParityError } from '../../../shared/errors.js';
import { startTestEngine } from '../../helpers/engine.js';
import { removeScratchDirs, SAMPLE, scratchDir } from '../../helpers/cli.js';

afterAll(removeScratchDirs);

describe('a compare job in the engine process', () => {
  it('stops when cancelled mid-way, writes no report, and the engine runs the next job', async () => {
    const engine = startTestEngine();
    try {
      const runDir = path.join(scratchDir('parity-cancel-'), 'run');
      const controller = new AbortController();
      let comparedWhenCancelled = -1;
      const job = engine.run(
        'compare',
        { reference: SAMPLE.model, candidate: SAMPLE.model, images: SAMPLE.images, labels: SAMPLE.labels, runDir, preprocess: { width: 192, height: 48 } },
        {
          signal: controller.signal,
          onProgress: (p) => {
            if (p.stage === 'comparing' && p.done >= 20 && comparedWhenCancelled < 0) {
              comparedWhenCancelled = p.done;
              controller.abort();
            }
          },
        },
      );
      const error = await job.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ParityError);
      expect((error as ParityError).code).toBe('CANCELLED');
      expect(comparedWhenCancelled).toBeGreaterThanOrEqual(20);
      expect(comparedWhenCancelled).toBeLessThan(200);
      expect(existsSync(path.join(runDir, 'report.json'))).toBe(false);
      if (existsSync(runDir)) expect(readdirSync(runDir).filter((f) => f.startsWith('report'))).toEqual([]);
      const again = await engine.run('compare', {
        reference: SAMPLE.model,
        candidate: SAMPLE.model,
        images: SAMPLE.images,
        runDir,
        preprocess: { width: 192, height: 48 },
        maxImages: 10,
      });
      expect(again.images.count).toBe(10);
      expect(again.summary.top1Agreement).toBe(1);
    } finally {
      await engine.close();
    }
  });
});
