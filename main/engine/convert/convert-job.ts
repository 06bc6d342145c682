import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ParityError } from '../../../shared/errors.js';
import type { JobHandler } from '../jobs/handler.js';
import { buildManifest, writeManifest } from './manifest.js';
import { convertOptimized } from './optimized.js';

/** Runs one conversion recipe and writes the variant plus its manifest; nothing is left behind on failure. */
export const convertJob: JobHandler<'convert'> = async (params, ctx) => {
  const source = path.resolve(params.model);
  const output = path.resolve(params.output);
  if (source === output) {
    throw new ParityError('BAD_OPTION', 'The output path is the source model itself.', 'Choose another -o path.');
  }
  await fs.access(source).catch(() => {
    throw new ParityError('BAD_OPTION', `Model not found: ${source}`);
  });
  await fs.mkdir(path.dirname(output), { recursive: true });
  ctx.progress(`converting (${params.recipe})`, 0, 1);
  const result = await convertOptimized(source, output, params.hardwareSpecific);
  ctx.throwIfCancelled();
  ctx.progress('writing manifest', 0, 1);
  try {
    const manifest = await buildManifest({
      recipe: params.recipe,
      options: result.options,
      sourcePath: source,
      outputPath: output,
      notes: result.notes,
    });
    const manifestPath = await writeManifest(output, manifest);
    ctx.progress('writing manifest', 1, 1);
    return { output, manifestPath, manifest };
  } catch (error) {
    await fs.rm(output, { force: true });
    throw error;
  }
};
