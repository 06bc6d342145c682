/**
 * What `parity convert --target` asks of the search: the target (criteria as in --fail-under, all of which must
 * hold), the validation images (a folder, or a held-out part of the calibration images), optional perturbations the
 * chosen candidate must also meet the target under, and the time budget.
 */
import { z } from 'zod';
import { GateCriterionSchema } from '../../report/gate-criterion.js';
import { PerturbationNameSchema, PerturbationSeedSchema, SeveritySchema } from '../../perturbations/index.js';

/** Default time budget of a search, in seconds: a 4-M-parameter classifier on 2 cores fits in it. */
export const DEFAULT_SEARCH_BUDGET_SECONDS = 300;
/** Share of the calibration images held out for validation when no --val folder is given. */
export const DEFAULT_HELD_OUT_SHARE = 0.25;
/** At most this many validation images (a seeded random subset of more). */
export const DEFAULT_VALIDATION_IMAGES = 200;

export const SearchRequestSchema = z.object({
  target: z.array(GateCriterionSchema).min(1),
  /** The target as the user wrote it, for messages and the manifest. */
  targetText: z.string().min(1),
  /** Validation folder; null: hold out `heldOutShare` of the calibration images (never used to calibrate). */
  val: z.string().min(1).nullable().default(null),
  heldOutShare: z.number().gt(0).lt(1).default(DEFAULT_HELD_OUT_SHARE),
  maxValImages: z.number().int().positive().default(DEFAULT_VALIDATION_IMAGES),
  /** labels.txt (class i on line i), with validation images in one folder per class: enables accuracy targets. */
  labels: z.string().min(1).nullable().default(null),
  /** Threshold that binarizes dense outputs for IoU/Dice, as in compare. */
  threshold: z.number().min(0).max(1).default(0.5),
  budgetSeconds: z.number().positive().max(7 * 24 * 3600).default(DEFAULT_SEARCH_BUDGET_SECONDS),
  /** The chosen candidate must meet the target under each of these too (on the perturbed validation images). */
  perturb: z.array(PerturbationNameSchema).default([]),
  severity: SeveritySchema.default(3),
  perturbSeed: PerturbationSeedSchema.default(0),
});
export type SearchRequest = z.output<typeof SearchRequestSchema>;
