/**
 * The parity report: the JSON that is the source of truth of a comparison. HTML, CSV and the app are views of it.
 * Bump REPORT_SCHEMA_VERSION on any change a reader of an older report would misread.
 */
import { z } from 'zod';
import { PreprocessSpecSchema } from '../preprocess.js';
import { TensorSignatureSchema } from '../model-info.js';
import {
  OutputKindSchema,
  OutputMetricsSchema,
  SummaryMetricsSchema,
  TopKEntrySchema,
} from './metrics.js';
import { PerturbationResultSchema, RobustnessSummarySchema } from './robustness-section.js';
import { PerformanceSectionSchema } from './performance-section.js';
import { ConversionManifestSchema } from './conversion-manifest.js';
import { ModelSourceSchema } from './model-source.js';
import { ServingRunSchema } from './serving-run.js';

export const REPORT_SCHEMA_VERSION = 1;

export const EnvironmentSchema = z.object({
  cpuModel: z.string(),
  cores: z.number().int(),
  /** Only the flags that matter for inference kernels: avx2, fma, avx512*, vnni, amx*, f16c. */
  cpuFlags: z.array(z.string()),
  os: z.string(),
  nodeVersion: z.string(),
  ortVersion: z.string(),
  sharpVersion: z.string(),
});
export type Environment = z.infer<typeof EnvironmentSchema>;

export const ModelSummarySchema = z.object({
  /** The model file, the saved outputs' folder or archive, or the endpoint's URL. */
  path: z.string(),
  /** Of the model file; null for saved outputs and endpoints. */
  sha256: z.string().nullable(),
  sizeBytes: z.number().int().nullable(),
  /** What the side was (absent in reports written before sides could be anything but ONNX files). */
  source: ModelSourceSchema.optional(),
  inputs: z.array(TensorSignatureSchema),
  outputs: z.array(TensorSignatureSchema),
  /** Present when the model was produced by `parity convert` (or --candidate-recipe). */
  manifest: ConversionManifestSchema.optional(),
});
export type ModelSummary = z.infer<typeof ModelSummarySchema>;

export const ToleranceSchema = z.object({ atol: z.number().min(0), rtol: z.number().min(0) });
export type Tolerance = z.infer<typeof ToleranceSchema>;

export const OutputDescriptionSchema = z.object({
  name: z.string(),
  kind: OutputKindSchema,
  tolerance: ToleranceSchema,
  /** Number of classes for classification outputs. */
  classes: z.number().int().optional(),
  /** Whether the reference's values looked like logits (softmax then applied to both models). */
  logits: z.boolean().optional(),
});
export type OutputDescription = z.infer<typeof OutputDescriptionSchema>;

export const SkippedImageSchema = z.object({ path: z.string(), reason: z.string() });
export type SkippedImage = z.infer<typeof SkippedImageSchema>;

export const GateCriterionSchema = z.object({
  metric: z.string(),
  /** 'min': fail when the value is below threshold; 'max': fail when above. */
  bound: z.enum(['min', 'max']),
  threshold: z.number(),
});
export type GateCriterion = z.infer<typeof GateCriterionSchema>;

export const GateFailureSchema = GateCriterionSchema.extend({
  value: z.number().nullable(),
  message: z.string(),
  /** The candidate that failed, in a run of several candidates (its name in `candidates[]`). */
  candidate: z.string().optional(),
});

export const GateSchema = z.object({
  passed: z.boolean(),
  criteria: z.array(GateCriterionSchema),
  failures: z.array(GateFailureSchema),
});
export type Gate = z.infer<typeof GateSchema>;

export const ModelPredictionSchema = z.object({
  /** Top-k of the first classification output; empty for models without one. */
  topK: z.array(TopKEntrySchema),
});

/** One candidate's part of an image's result: its prediction and how far it is from the reference's. */
export const CandidateImageResultSchema = z.object({
  candidate: ModelPredictionSchema,
  outputs: z.array(OutputMetricsSchema),
  disagreement: z.number(),
  candidateCorrect: z.boolean().nullable(),
});
export type CandidateImageResult = z.infer<typeof CandidateImageResultSchema>;

export const PerImageResultSchema = z.object({
  /** Path relative to the images folder, with forward slashes. */
  path: z.string(),
  label: z.string().nullable(),
  reference: ModelPredictionSchema,
  candidate: ModelPredictionSchema,
  outputs: z.array(OutputMetricsSchema),
  /** One number to rank images by disagreement: 1 - cosine for classifiers, 1 - IoU for dense, max |Δ| otherwise. */
  disagreement: z.number(),
  referenceCorrect: z.boolean().nullable(),
  candidateCorrect: z.boolean().nullable(),
  /**
   * Every candidate's part, in the order of the report's `candidates[]`, when the run compared more than one (the
   * fields above are the first candidate's).
   */
  candidates: z.array(CandidateImageResultSchema).optional(),
});
export type PerImageResult = z.infer<typeof PerImageResultSchema>;

/** The timings both passes spent in each model. */
const InferenceMsSchema = z.object({ reference: z.number(), candidate: z.number() });

/**
 * One candidate of a run: what the top-level keys say of the first candidate (model, summary, gate, perturbations,
 * robustness, performance), for this one.
 */
export const CandidateResultSchema = z.object({
  /** The name the views give it: the recipe of a converted variant, else the file's name (unique in the run). */
  name: z.string(),
  model: ModelSummarySchema,
  summary: z.object({
    clean: SummaryMetricsSchema,
    perOutput: z.array(z.object({ output: z.string(), metrics: SummaryMetricsSchema })),
  }),
  /** The gate on this candidate alone. */
  gate: GateSchema,
  perturbations: z.array(PerturbationResultSchema).optional(),
  robustness: RobustnessSummarySchema.optional(),
  /** Reference and this candidate from the run's one benchmark of every model. */
  performance: PerformanceSectionSchema.optional(),
  /** Time the clean pass spent in the reference and in this candidate. */
  inferenceMs: InferenceMsSchema,
});
export type CandidateResult = z.infer<typeof CandidateResultSchema>;

export const ParityReportSchema = z.object({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  tool: z.object({ name: z.literal('parity'), version: z.string() }),
  createdAt: z.string(),
  environment: EnvironmentSchema,
  models: z.object({ reference: ModelSummarySchema, candidate: ModelSummarySchema }),
  preprocess: PreprocessSpecSchema,
  options: z.object({
    threshold: z.number(),
    threads: z.number().int(),
    topK: z.number().int(),
    defaultTolerance: ToleranceSchema,
  }),
  images: z.object({
    root: z.string(),
    count: z.number().int(),
    skipped: z.array(SkippedImageSchema),
  }),
  labels: z.object({ path: z.string(), classes: z.array(z.string()) }).nullable(),
  outputs: z.array(OutputDescriptionSchema),
  summary: z.object({
    clean: SummaryMetricsSchema,
    /** Clean metrics per output, aggregated over images. */
    perOutput: z.array(z.object({ output: z.string(), metrics: SummaryMetricsSchema })),
  }),
  gate: GateSchema,
  perImage: z.array(PerImageResultSchema),
  perturbations: z.array(PerturbationResultSchema).optional(),
  robustness: RobustnessSummarySchema.optional(),
  performance: PerformanceSectionSchema.optional(),
  /** The serving pass: each side serving the images sequentially and with parallel clients (--concurrency). */
  servingRun: ServingRunSchema.optional(),
  /**
   * Every candidate of the run, the first one included; the top-level keys above describe the first (so a report
   * of one candidate reads as before) and `gate` is the run's: it passes only when every candidate's does.
   */
  candidates: z.array(CandidateResultSchema).min(1).optional(),
  timings: z.object({
    totalMs: z.number(),
    decodeMs: z.number(),
    preprocessMs: z.number(),
    inferenceMs: InferenceMsSchema,
    metricsMs: z.number(),
  }),
});
export type ParityReport = z.infer<typeof ParityReportSchema>;
