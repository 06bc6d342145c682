import path from 'node:path';
import type { JobHandler } from '../../jobs/handler.js';
import { readRunParams } from './checkpoint.js';
import { runComparison } from './run-comparison.js';

/** `parity compare --resume <run-dir>`: the run's own parameters, continued from its last checkpoint. */
export const resumeComparison: JobHandler<'resume'> = async (params, ctx) => {
  const runDir = path.resolve(params.runDir);
  const saved = await readRunParams(runDir);
  return runComparison({ ...saved, runDir, resume: true, copies: params.copies ?? saved.copies }, ctx);
};
