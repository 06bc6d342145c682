/** Times the real compare job in the engine process over its "comparing" stage, for benches that weigh a part of it. */
import type { EngineClient } from '../main/engine/index.js';
import type { JobParams } from '../shared/contract/jobs/index.js';

/** ms per image of the job's "comparing" stage (decode, fit, both models, metrics), one pass over the images. */
export async function comparingMsPerImage(engine: EngineClient, params: JobParams<'compare'>): Promise<number> {
  let start = 0;
  let end = 0;
  let count = 0;
  await engine.run('compare', params, {
    onProgress: (p) => {
      if (p.stage === 'comparing' && p.done === 0) start = performance.now();
      if (p.stage === 'comparing' && p.total !== null && p.done === p.total) {
        end = performance.now();
        count = p.total;
      }
    },
  });
  return (end - start) / count;
}
