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
  /** One run compares these side by side (the first is the report's top-level candidate). */
  candidates: readonly string[];
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

/** The compare parameters of one run; the host adds the run folder (a fresh one under its data folder). */
export function compareParams(form: RunForm): Omit<CompareParams, 'runDir'> {
  const perturbed = isPerturbed(form);
  const [first = '', ...more] = form.candidates;
  return {
    reference: form.reference,
    candidate: first,
    moreCandidates: more.map((candidate) => ({ candidate, candidateRecipe: null })),
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

function isPerturbed(form: Pick<RunForm, 'perturbations' | 'severities'>): boolean {
  return form.perturbations.length > 0 && form.severities.length > 0;
}

/**
 * How the ticked candidates are split into runs: all side by side in one run when clean, one run each under
 * perturbations (the engine compares several candidates only clean).
 */
export function candidateRuns(chosen: readonly string[], form: Pick<RunForm, 'perturbations' | 'severities'>): string[][] {
  if (chosen.length === 0) return [];
  return isPerturbed(form) ? chosen.map((c) => [c]) : [[...chosen]];
}
