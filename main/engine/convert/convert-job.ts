import type { JobHandler } from '../jobs/handler.js';
import { convertModel } from './convert-model.js';

/** Runs one conversion recipe and writes the variant plus its manifest; nothing is left behind on failure. */
export const convertJob: JobHandler<'convert'> = async (params, ctx) => convertModel(params, ctx);
