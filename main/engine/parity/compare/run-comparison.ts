/**
 * The compare pipeline, in three phases: the run folder (fresh, resumed or already finished), the image loop (both
 * models on every image, decoded once, the same tensor to both; clean and perturbed), and the report (JSON, HTML,
 * CSV, with the performance section and the gate).
 */
import type { CompareOptions, CompareResult } from '../../../../shared/contract/jobs/compare.js';
import type { JobContext } from '../../jobs/context.js';
import { openComparedPair } from '../pair/open-sides.js';
import { FurtherCandidates } from '../pair/further-candidates.js';
import { compareImages } from './image-loop.js';
import { openRunFolder } from './run-folder.js';
import { listRunImages } from './run-images.js';
import { writeRunReport } from './run-report.js';

/** Runs a whole comparison and writes its report files. */
export async function runComparison(requested: CompareOptions, ctx: JobContext): Promise<CompareResult> {
  const started = performance.now();
  const run = await openRunFolder(requested, ctx);
  if ('finished' in run) return run.finished;
  ctx.progress('loading models', 0, 2);
  const pair = await openComparedPair(run.params, ctx.signal);
  let more: FurtherCandidates | null = null;
  try {
    const further = run.candidates.slice(1);
    if (further.length > 0) more = await FurtherCandidates.openLocal(pair, further.map((c) => c.path), run.params.threads);
    ctx.progress('loading models', 2, 2);
    const images = await listRunImages(run.params, run.imagesRoot, pair, ctx);
    const compared = await compareImages(run, images, pair, more, ctx);
    return await writeRunReport(run, images, { pair, more }, compared, ctx, started);
  } finally {
    await Promise.all([pair.release(), more?.release()]);
  }
}
