/**
 * Builds the compare job's parameters from the Run form. Perturbation and benchmark options are sent in the shape
 * the engine's contract accepts (found by validating candidates against CompareParamsSchema's own fields), so the
 * form lights up when the engine gains them and never sends a field the engine does not know.
 */
import { CompareParamsSchema, type CompareParams } from '../../../../shared/contract/jobs/compare.js';
import type { PartialPreprocessSpec } from '../../../../shared/preprocess.js';

export interface RunForm {
  reference: string;
  candidate: string;
  images: string;
  labels: string | null;
  preprocess: PartialPreprocessSpec | null;
  perturbations: readonly string[];
  severities: readonly number[];
  seed: number;
  maxImages: number | null;
  topK: number;
  threads: number | null;
  minAgreement: number | null;
  bench: boolean;
}

type Shape = Record<string, { safeParse: (value: unknown) => { success: boolean } }>;
const shape = (): Shape => CompareParamsSchema.shape as unknown as Shape;

/** Whether the compare job has a parameter of this name. */
export function compareTakes(field: string): boolean {
  return Object.prototype.hasOwnProperty.call(shape(), field);
}

/** The compare parameter that lists perturbations, whichever name the contract gives it. */
function perturbationField(): string | null {
  return ['perturb', 'perturbations'].find(compareTakes) ?? null;
}

/** How the engine takes perturbations: names plus severities, one spec per (name, severity), or not at all. */
export function perturbationStyle(): 'names' | 'specs' | 'none' {
  const name = perturbationField();
  const field = name ? shape()[name] : undefined;
  if (!field) return 'none';
  if (field.safeParse(['gaussian_noise']).success) return 'names';
  if (field.safeParse([{ name: 'gaussian_noise', severity: 1, seed: 0 }]).success) return 'specs';
  return 'none';
}

function perturbationFields(form: RunForm): Record<string, unknown> {
  if (form.perturbations.length === 0 || form.severities.length === 0) return {};
  const style = perturbationStyle();
  if (style === 'none') return {};
  const out: Record<string, unknown> = {};
  const field = perturbationField()!;
  if (style === 'names') {
    out[field] = [...form.perturbations];
    if (compareTakes('severities')) out.severities = [...form.severities];
  } else {
    out[field] = form.perturbations.flatMap((name) => form.severities.map((severity) => ({ name, severity, seed: form.seed })));
  }
  for (const key of ['seed', 'perturbationSeed']) if (compareTakes(key)) out[key] = form.seed;
  return out;
}

/** The compare parameters for one candidate; the host chooses the run folder. */
export function compareParams(form: RunForm): CompareParams {
  const params: Record<string, unknown> = {
    reference: form.reference,
    candidate: form.candidate,
    images: form.images,
    labels: form.labels,
    preprocess: form.preprocess,
    topK: form.topK,
    threads: form.threads,
    maxImages: form.maxImages,
    gate: form.minAgreement === null ? [] : [{ metric: 'top1Agreement', bound: 'min', threshold: form.minAgreement }],
    ...perturbationFields(form),
  };
  if (compareTakes('bench')) params.bench = form.bench;
  // runDir is filled in by the host (a fresh folder under its data folder).
  return params as CompareParams;
}
