/** Converted variants of a model, found from the host's finished convert jobs (they outlive a page reload). */
import type { JobSnapshot } from '../../../../shared/contract/host-api.js';
import { ConvertResultSchema, type ConvertResult } from '../../../../shared/contract/jobs/convert.js';
import type { SavedVariant } from '../../state/saved-variants.js';

export interface Variant extends ConvertResult {
  jobId: string;
  recipe: string;
  finishedAt: string | null;
}

/** The newest variant per output file made from `model` (saved ones, then the host's jobs), newest first. */
export function variantsOf(jobs: readonly JobSnapshot[], model: string | null, saved: readonly SavedVariant[] = []): Variant[] {
  if (!model) return [];
  const byOutput = new Map<string, Variant>();
  for (const v of saved) {
    if (v.model === model) byOutput.set(v.result.output, { ...v.result, jobId: v.jobId, recipe: v.recipe, finishedAt: v.finishedAt });
  }
  const done = jobs
    .filter((j) => j.kind === 'convert' && j.status === 'done')
    .sort((a, b) => (a.finishedAt ?? '').localeCompare(b.finishedAt ?? ''));
  for (const job of done) {
    const params = job.params as { model?: unknown; recipe?: unknown } | null;
    if (!params || params.model !== model) continue;
    const result = ConvertResultSchema.safeParse(job.result);
    if (!result.success) continue;
    byOutput.delete(result.data.output);
    byOutput.set(result.data.output, { ...result.data, jobId: job.jobId, recipe: typeof params.recipe === 'string' ? params.recipe : result.data.manifest.recipe, finishedAt: job.finishedAt });
  }
  return [...byOutput.values()].sort((a, b) => (b.finishedAt ?? '').localeCompare(a.finishedAt ?? ''));
}
