/**
 * Connects the drift check to a robustness run: a compare run folder whose report has perturbations. When its
 * models are the drift check's (same SHA-256), the candidate's agreement at the perturbations the field resembles
 * is read from it.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ParityError } from '../../../shared/errors.js';
import type { Resemblance } from '../../../shared/drift/drift-report.js';

/** Only what the link needs, tolerant of everything else a report holds. */
const RunReportHeadSchema = z.object({
  models: z.object({ reference: z.object({ path: z.string(), sha256: z.string() }), candidate: z.object({ path: z.string(), sha256: z.string() }) }),
  perturbations: z
    .array(z.object({ name: z.string(), severity: z.number().int(), metrics: z.object({ top1Agreement: z.number().nullable() }) }))
    .optional(),
});
type RunReportHead = z.infer<typeof RunReportHeadSchema>;

export interface RobustnessRunLink {
  runDir: string;
  sameModels: boolean;
  note: string;
  reference: string;
  candidate: string;
  agreementAt(name: string, severity: number): number | null;
}

/** Reads a compare run folder (or its report.json); BAD_OPTION when it is not one or has no perturbations. */
export async function linkRobustnessRun(given: string, models: { model: string | null; candidate: string | null }): Promise<RobustnessRunLink> {
  const resolved = path.resolve(given);
  const file = resolved.endsWith('.json') ? resolved : path.join(resolved, 'report.json');
  let head: RunReportHead;
  try {
    head = RunReportHeadSchema.parse(JSON.parse(await fs.readFile(file, 'utf8')));
  } catch {
    throw new ParityError('BAD_OPTION', `${given} is not a compare run folder with a readable report.json.`, 'Give the folder that `parity compare --perturb … --out <dir>` wrote.');
  }
  const rows = head.perturbations ?? [];
  if (rows.length === 0) {
    throw new ParityError('BAD_OPTION', `The run in ${given} compared clean images only.`, 'Give a run made with --perturb (e.g. --perturb all --severity 1-5).');
  }
  const same = (a: string | null, b: string): boolean | null => (a === null ? null : a === b);
  const modelSame = same(models.model, head.models.reference.sha256);
  const candidateSame = same(models.candidate, head.models.candidate.sha256);
  const sameModels = modelSame !== false && candidateSame !== false;
  const note =
    modelSame === null
      ? 'No --model was given, so the run is taken to be of the models you deploy.'
      : sameModels
        ? `The run compared the same model${candidateSame ? ' and candidate' : ''} (by SHA-256).`
        : 'The run compared other model files than this check (their SHA-256 differ): its agreements are shown for orientation only.';
  return {
    runDir: path.dirname(file),
    sameModels,
    note,
    reference: head.models.reference.path,
    candidate: head.models.candidate.path,
    agreementAt: (name, severity) => rows.find((r) => r.name === name && r.severity === severity)?.metrics.top1Agreement ?? null,
  };
}

/** The resemblance list with the run's agreement filled in where the run has that perturbation and severity. */
export function withAgreement(resembles: readonly Resemblance[], link: RobustnessRunLink | null): Resemblance[] {
  return resembles.map((r) => ({ ...r, agreement: link ? link.agreementAt(r.name, r.severity) : null }));
}
