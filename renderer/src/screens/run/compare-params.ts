/**
 * Builds the compare job's parameters from the Run form. The host adds the run folder and validates the whole
 * against CompareParamsSchema before the engine sees it.
 */
import type { CompareParams } from '../../../../shared/contract/jobs/compare.js';
import type { PerturbationName, Severity } from '../../../../shared/perturbations/index.js';
import type { PartialPreprocessSpec } from '../../../../shared/preprocess.js';
import type { PostprocessSpec } from '../../../../shared/postprocess.js';

export interface RunForm {
  reference: string;
  candidate: string;
  images: string;
  labels: string | null;
  preprocess: PartialPreprocessSpec | null;
  /** A detector's spec: the run compares detections, and the minimum agreement is on mAP@0.5. */
  postprocess: PostprocessSpec | null;
  perturbations: readonly string[];
  severities: readonly number[];
  seed: number;
  maxImages: number | null;
  topK: number;
  threads: number | null;
  minAgreement: number | null;
  bench: boolean;
}

/** The compare parameters for one candidate; the host adds the run folder (a fresh one under its data folder). */
export function compareParams(form: RunForm): Omit<CompareParams, 'runDir'> {
  const perturbed = form.perturbations.length > 0 && form.severities.length > 0;
  return {
    reference: form.reference,
    candidate: form.candidate,
    images: form.images,
    labels: form.labels,
    preprocess: form.preprocess,
    postprocess: form.postprocess,
    topK: form.topK,
    threads: form.threads,
    maxImages: form.maxImages,
    gate: form.minAgreement === null ? [] : [{ metric: form.postprocess ? 'detection.map50' : 'top1Agreement', bound: 'min', threshold: form.minAgreement }],
    bench: form.bench,
    ...(perturbed
      ? { perturb: form.perturbations as PerturbationName[], severities: form.severities as Severity[], seed: form.seed }
      : {}),
  };
}
