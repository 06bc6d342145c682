/**
 * Both models on one image of the run (the `predict` job), for the viewer: top-k under a perturbation, the
 * difference heat map of dense outputs. Remembered per request, so stepping back and forth asks once.
 */
import { useEffect, useState } from 'react';
import type { JobParams, JobResult } from '../../../../shared/contract/jobs/index.js';
import type { ParityErrorData } from '../../../../shared/errors.js';
import type { ParityReport } from '../../../../shared/report/report.js';
import type { PerturbationName, Severity } from '../../../../shared/perturbations/index.js';
import { errorDataOf } from '../../api/host-error.js';
import { runJob } from '../../state/jobs.js';
import { joinPath } from '../../format/paths.js';

export type Prediction = { status: 'idle' } | { status: 'loading' } | { status: 'ready'; result: JobResult<'predict'> } | { status: 'failed'; error: ParityErrorData };

const remembered = new Map<string, Promise<JobResult<'predict'>>>();
const MAX_REMEMBERED = 32;

function predict(params: JobParams<'predict'>): Promise<JobResult<'predict'>> {
  const key = JSON.stringify(params);
  const known = remembered.get(key);
  if (known) return known;
  const made = runJob('predict', params, 'both models on one image');
  remembered.set(key, made);
  made.catch(() => remembered.delete(key));
  while (remembered.size > MAX_REMEMBERED) remembered.delete(remembered.keys().next().value as string);
  return made;
}

/** The prediction of both models for `relPath` (under `perturbation` when given); idle while `enabled` is false. */
export function usePrediction(
  report: ParityReport,
  relPath: string,
  perturbation: { name: string; severity: number; seed: number } | null,
  enabled: boolean,
  maxSide = 512,
): Prediction {
  const [state, setState] = useState<Prediction>({ status: 'idle' });
  const key = `${relPath}|${perturbation ? `${perturbation.name}|${perturbation.severity}|${perturbation.seed}` : ''}|${maxSide}|${enabled}`;
  useEffect(() => {
    if (!enabled) {
      setState({ status: 'idle' });
      return;
    }
    let stale = false;
    setState({ status: 'loading' });
    const params: JobParams<'predict'> = {
      reference: report.models.reference.path,
      candidate: report.models.candidate.path,
      image: joinPath(report.images.root, relPath),
      spec: report.preprocess,
      topK: Math.max(5, report.options.topK),
      maxSide,
      ...(perturbation ? { perturbation: { name: perturbation.name as PerturbationName, severity: perturbation.severity as Severity, seed: perturbation.seed } } : {}),
    };
    predict(params)
      .then((result) => !stale && setState({ status: 'ready', result }))
      .catch((e: unknown) => !stale && setState({ status: 'failed', error: errorDataOf(e) }));
    return () => {
      stale = true;
    };
    // key stands for relPath, perturbation, maxSide and enabled.
  }, [key, report]);
  return state;
}
