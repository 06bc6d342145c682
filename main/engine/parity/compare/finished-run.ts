/** A resume of a run that already finished: its report is complete, so the job answers from it. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { CompareResult } from '../../../../shared/contract/jobs/compare.js';
import { ParityReportSchema } from '../../../../shared/report/report.js';
import { CHECKPOINT_FILE } from './checkpoint.js';
import { candidateOutcomes } from './candidate-results.js';

export async function finishedResult(runDir: string): Promise<CompareResult | null> {
  const json = path.join(runDir, 'report.json');
  const hasCheckpoint = await fs.access(path.join(runDir, CHECKPOINT_FILE)).then(() => true, () => false);
  if (hasCheckpoint) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(await fs.readFile(json, 'utf8'));
  } catch {
    return null;
  }
  const parsed = ParityReportSchema.safeParse(raw);
  if (!parsed.success) return null;
  const report = parsed.data;
  return {
    runDir,
    files: { json, html: path.join(runDir, 'report.html'), csv: path.join(runDir, 'report.csv') },
    summary: report.summary.clean,
    gate: report.gate,
    images: { count: report.images.count, skipped: report.images.skipped },
    preprocess: report.preprocess,
    ...(report.performance ? { performance: report.performance.headline } : {}),
    ...(report.shard ? { shard: report.shard } : {}),
    ...(report.candidates ? { candidates: candidateOutcomes(report.candidates, []) } : {}),
  };
}
