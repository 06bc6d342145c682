import path from 'node:path';
import type { JobHandler } from '../../jobs/handler.js';
import { writeJsonAtomic } from '../../io/atomic-write.js';
import { runLayers } from './run-layers.js';

/** Compares every intermediate tensor the two models share by name; optionally writes the JSON atomically. */
export const layersJob: JobHandler<'layers'> = async (params, ctx) => {
  const result = await runLayers(params, ctx);
  if (params.json !== null) await writeJsonAtomic(path.resolve(params.json), result);
  return result;
};
