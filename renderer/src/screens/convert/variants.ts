/** Converted variants of a model, found from the host's finished convert jobs (they outlive a page reload). */
import type { JobSnapshot } from '../../../../shared/contract/host-api.js';
import { ConvertResultSchema, type ConvertResult } from '../../../../shared/contract/jobs/convert.js';

export interface Variant extends ConvertResult {
  jobId: string;
  recipe: string;
  finishedAt: string | null;
}

/** The newest variant per output file made from `model`, newest first. */
export function variantsOf(jobs: readonly JobSnapshot[], model: string | null): Variant[] {
  if (!model) return [];
  const byOutput = new Map<string, Variant>();
  const done = jobs
    .filter((j) => j.kind === 'convert' && j.status === 'done')
    .sort((a, b) => (a.finishedAt ?? '').localeCompare(b.finishedAt ?? ''));
  for (const job of done) {
    const params = job.params as { model?: unknown; recipe?: unknown } | null;
    if (!params || params.model !== model) continue;
    const result = ConvertResultSchema.safeParse(job.result);
    if (!result.success) continue;
    byOutput.set(result.data.output, { ...result.data, jobId: job.jobId, recipe: typeof params.recipe === 'string' ? params.recipe : result.data.manifest.recipe, finishedAt: job.finishedAt });
  }
  return [...byOutput.values()].reverse();
}
