/**
 * Builds the compare job's parameters from the Run form. The host adds the run folder and validates the whole
 * against CompareParamsSchema before the engine sees it.
 */
import { MAX_CANDIDATES, MAX_CONCURRENCY, type CompareParams } from '../../../../shared/contract/jobs/compare.js';
import type { PerturbationName, Severity } from '../../../../shared/perturbations/index.js';
import type { PartialPreprocessSpec } from '../../../../shared/preprocess.js';
import type { PostprocessSpec } from '../../../../shared/postprocess.js';

export interface RunForm {
  reference: string;
  /** One run compares these side by side (the first is the report's top-level candidate). */
  candidates: readonly string[];
  /** A served candidate (KServe v2 or TF Serving REST) instead of files (`candidates` then empty), or null. */
  candidateUrl?: string | null;
  /** Parallel clients of the serving pass, e.g. [1, 8]; null: the engine's default (1 with an endpoint). */
  concurrency?: number[] | null;
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
    ...(form.candidateUrl ? { candidateUrl: form.candidateUrl } : {}),
    ...(form.concurrency ? { concurrency: form.concurrency } : {}),
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
 * How the ticked candidates are split into runs: all side by side in one run, clean or under perturbations (each
 * perturbed image is made once and the reference runs once on it for every candidate); at most MAX_CANDIDATES a run.
 */
export function candidateRuns(chosen: readonly string[]): string[][] {
  const runs: string[][] = [];
  for (let i = 0; i < chosen.length; i += MAX_CANDIDATES) runs.push(chosen.slice(i, i + MAX_CANDIDATES));
  return runs;
}

/** "1,8" → [1, 8]; '' → null (the engine's default); a sentence saying what is wrong otherwise. */
export function parseConcurrency(text: string): number[] | null | string {
  const items = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) return null;
  const levels = items.map(Number);
  if (levels.some((n) => !Number.isInteger(n) || n < 1 || n > MAX_CONCURRENCY)) return `Give whole numbers of clients from 1 to ${MAX_CONCURRENCY}, e.g. 1,8.`;
  if (new Set(levels).size !== levels.length) return 'A number of clients is listed twice.';
  return levels;
}
