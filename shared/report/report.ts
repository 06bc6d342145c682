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
});
export type PerImageResult = z.infer<typeof PerImageResultSchema>;

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
    /** The charset file a sequence output was decoded with (--charset); null or absent without one. */
    charset: z.string().nullable().optional(),
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
  timings: z.object({
    totalMs: z.number(),
    decodeMs: z.number(),
    preprocessMs: z.number(),
    inferenceMs: z.object({ reference: z.number(), candidate: z.number() }),
    metricsMs: z.number(),
  }),
});
export type ParityReport = z.infer<typeof ParityReportSchema>;
