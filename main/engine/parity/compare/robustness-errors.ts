/**
 * Corruption errors (Hendrycks & Dietterich's CE and relative CE) with the reference model as the baseline:
 * E = top-1 error against the labels (detectors: 1 − mAP@0.5 against their truth), CE_c = Σ_s E_s,c(candidate) / Σ_s E_s,c(reference),
 * relative CE_c = Σ_s (E_s,c − E_clean)(candidate) / Σ_s (E_s,c − E_clean)(reference), and their means over the
 * perturbations where they are defined (mCE, relative mCE).
 */
import { perturbationInfo, type PerturbationName } from '../../../../shared/perturbations/index.js';
import type { SummaryMetrics } from '../../../../shared/report/metrics.js';
import type { CorruptionError, ErrorMeasure, PerturbationResult } from '../../../../shared/report/robustness-section.js';

export interface ModelErrors {
  reference: number;
  candidate: number;
}

/**
 * Each model's error on a run's images: top-1 error against the labels, else for a detector 1 − mAP@0.5 against its
 * truth (the --boxes, or under a perturbation the reference's boxes on the clean image); null when neither applies.
 */
export function modelErrors(summary: SummaryMetrics): (ModelErrors & { measure: ErrorMeasure }) | null {
  if (summary.accuracy) return { reference: 1 - summary.accuracy.reference, candidate: 1 - summary.accuracy.candidate, measure: 'top-1' };
  const truth = summary.detection?.accuracy;
  if (truth && truth.reference.map50 !== null && truth.candidate.map50 !== null) {
    return { reference: 1 - truth.reference.map50, candidate: 1 - truth.candidate.map50, measure: 'mAP@0.5' };
  }
  return null;
}

/**
 * The clean errors CE subtracts: as modelErrors; for a detector without --boxes the reference's clean boxes are the
 * truth, so the reference errs 0 and the candidate 1 − its clean mAP@0.5 against them.
 */
export function cleanErrors(clean: SummaryMetrics): (ModelErrors & { measure: ErrorMeasure }) | null {
  const errors = modelErrors(clean);
  if (errors) return errors;
  const map50 = clean.detection?.map50;
  return map50 === null || map50 === undefined ? null : { reference: 0, candidate: 1 - map50, measure: 'mAP@0.5' };
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

function note(errorSum: ModelErrors, relative: ModelErrors): string | undefined {
  if (errorSum.reference === 0) {
    return errorSum.candidate === 0
      ? 'neither model errs under this perturbation: CE is undefined (0/0) and left out of mCE'
      : 'the reference never errs but the candidate does: CE is unbounded (left out of mCE)';
  }
  if (relative.reference <= 0) return 'the reference\'s error does not rise above its clean error: relative CE is undefined';
  return undefined;
}

/** CE and relative CE of each perturbation (in the given order), from per-severity errors and the clean errors. */
export function corruptionErrors(
  names: readonly PerturbationName[],
  results: readonly PerturbationResult[],
  clean: ModelErrors,
): CorruptionError[] {
  return names.map((name) => {
    const rows = results.filter((r) => r.name === name && r.error);
    const errorSum = { reference: 0, candidate: 0 };
    const relativeErrorSum = { reference: 0, candidate: 0 };
    for (const r of rows) {
      errorSum.reference += r.error!.reference;
      errorSum.candidate += r.error!.candidate;
      relativeErrorSum.reference += r.error!.reference - clean.reference;
      relativeErrorSum.candidate += r.error!.candidate - clean.candidate;
    }
    const entry: CorruptionError = {
      name,
      family: perturbationInfo(name).family,
      errorSum,
      relativeErrorSum,
      ce: ratio(errorSum.candidate, errorSum.reference),
      relativeCe: ratio(relativeErrorSum.candidate, relativeErrorSum.reference),
    };
    const why = note(errorSum, relativeErrorSum);
    if (why) entry.note = why;
    return entry;
  });
}

/** Mean of the defined values, or null when none is. */
export function meanDefined(values: ReadonlyArray<number | null>): number | null {
  const defined = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return defined.length === 0 ? null : defined.reduce((a, b) => a + b, 0) / defined.length;
}
