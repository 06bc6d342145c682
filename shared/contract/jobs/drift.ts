import { z } from 'zod';
import { PartialPreprocessSpecSchema } from '../../preprocess.js';
import { PERTURBATION_NAMES, type PerturbationName } from '../../perturbations/catalog.js';
import { PerturbationNameSchema, PerturbationSeedSchema, SeveritySchema } from '../../perturbations/index.js';
import { DriftCriterionSchema } from '../../drift/gate-spec.js';
import { DriftGateSchema, DriftReportSchema } from '../../drift/drift-report.js';

/** `parity drift`: does a field folder still look like the reference folder the model was checked on? */
export const DriftParamsSchema = z.object({
  reference: z.string().min(1),
  field: z.string().min(1),
  /** With a model: output and feature shift, and the statistics are measured on the model's input pixels. */
  model: z.string().nullable().default(null),
  /** A variant of the model: its top-1 agreement with the model on both folders. */
  candidate: z.string().nullable().default(null),
  /** Fields given by the user; the rest come from the model's input (or the analysis defaults without a model). */
  preprocess: PartialPreprocessSpecSchema.nullable().default(null),
  /** Class names, one per line, for the predicted-class histogram. */
  labels: z.string().nullable().default(null),
  /** Features from this tensor (a node's output name, or a node name) instead of the last Gemm/MatMul's input. */
  featureNode: z.string().nullable().default(null),
  /** Run folder for drift.json, drift.html and thumbnails; null: a new folder under Parity's data folder. */
  runDir: z.string().nullable().default(null),
  copies: z.object({ json: z.string().optional(), html: z.string().optional() }).default({}),
  gate: z.array(DriftCriterionSchema).default([]),
  /** Catalog perturbations the field is matched against (default: all). */
  perturb: z.array(PerturbationNameSchema).default([...PERTURBATION_NAMES] as PerturbationName[]),
  severities: z.array(SeveritySchema).min(1).default([1, 2, 3, 4, 5]),
  /** Seed of the reservoirs, the permutations, the resemblance sample and the perturbations. */
  seed: PerturbationSeedSchema.default(0),
  /** Reference images perturbed for the resemblance ranking; 0 leaves the ranking out. */
  resembleSample: z.number().int().min(0).max(10_000).default(24),
  /** Feature vectors kept per folder (seeded reservoir) for the MMD test; its kernel matrix takes 8·(2n)² bytes. */
  mmdSample: z.number().int().min(10).max(2_000).default(500),
  permutations: z.number().int().min(10).max(100_000).default(500),
  /** A compare run folder with perturbations of the same models, for the candidate's agreement there. */
  robustnessRun: z.string().nullable().default(null),
  /** Longer side of the analysis image when there is no model (the statistics are measured at this size). */
  analysisSide: z.number().int().min(16).max(4096).default(256),
  maxImages: z.number().int().positive().nullable().default(null),
  threads: z.number().int().positive().nullable().default(null),
  leastLikeCount: z.number().int().min(0).max(200).default(12),
});
export type DriftParams = z.input<typeof DriftParamsSchema>;
export type DriftOptions = z.output<typeof DriftParamsSchema>;

export const DriftResultSchema = z.object({
  runDir: z.string(),
  files: z.object({ json: z.string(), html: z.string() }),
  gate: DriftGateSchema,
  headline: z.string(),
  /** The whole drift.json, so a screen can show it without reading the run folder. */
  report: DriftReportSchema,
});
export type DriftResult = z.infer<typeof DriftResultSchema>;

export const DriftJob = { params: DriftParamsSchema, result: DriftResultSchema } as const;
