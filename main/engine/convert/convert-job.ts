import type { JobHandler } from '../jobs/handler.js';
import { convertModel } from './convert-model.js';
import { runSearch } from './search/run-search.js';

/** Runs one conversion recipe (or, with a target, the search) and writes the variant plus its manifest; nothing is left behind on failure. */
export const convertJob: JobHandler<'convert'> = async (params, ctx) => {
  const { search, ...request } = params;
  return search === null ? convertModel(request, ctx) : runSearch({ ...request, search }, ctx);
};
