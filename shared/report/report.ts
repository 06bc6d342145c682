/**
 * The parity report: the JSON that is the source of truth of a comparison. HTML, CSV and the app are views of it.
 * Bump REPORT_SCHEMA_VERSION on any change a reader of an older report would misread.
 */
import { z } from 'zod';
import { PreprocessSpecSchema } from '../preprocess.js';
import { PostprocessSpecSchema } from '../postprocess.js';
import { TensorSignatureSchema } from '../model-info.js';
import {
  OutputKindSchema,
  OutputMetricsSchema,
  SummaryMetricsSchema,
  TopKEntrySchema,
} from './metrics.js';
import { PerturbationResultSchema, RobustnessSummarySchema } from './robustness-section.js';
import { PerformanceSectionSchema } from './performance-section.js';
import { LayerwiseSchema } from './layers-section.js';
import { ConversionManifestSchema } from './conversion-manifest.js';
import { ModelSourceSchema } from './model-source.js';
import { ServingRunSchema } from './serving-run.js';
import { GateCriterionSchema } from './gate-criterion.js';
import { EnvironmentSchema, RunTimingsSchema } from './run-context.js';
import { MergedShardsSchema, ShardNoteSchema } from './shards-section.js';

export const REPORT_SCHEMA_VERSION = 1;

export { EnvironmentSchema, type Environment } from './run-context.js';

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
  /** A derived output (detections): the model outputs it is computed from; it has no error statistics of its own. */
  sources: z.array(z.string()).optional(),
  /** Detections: the post-processing spec with every default filled in. */
  postprocess: PostprocessSpecSchema.optional(),
});
export type OutputDescription = z.infer<typeof OutputDescriptionSchema>;

export const SkippedImageSchema = z.object({ path: z.string(), reason: z.string() });

export const GroundTruthSummarySchema = z.object({
  path: z.string(),
  format: z.enum(['coco', 'yolo']),
  /** Compared images the file gave boxes for (an image it does not list has no truth and is left out of accuracy). */
  images: z.number().int(),
  boxes: z.number().int(),
});
export type GroundTruthSummary = z.infer<typeof GroundTruthSummarySchema>;
export type SkippedImage = z.infer<typeof SkippedImageSchema>;

export { GateCriterionSchema, type GateCriterion } from './gate-criterion.js';

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
  /** The detector's post-processing spec (--postprocess) with every default filled in; absent for other models. */
  postprocess: PostprocessSpecSchema.optional(),
  /** Ground-truth boxes (--boxes): where they came from and how many images and boxes they gave. */
  boxes: GroundTruthSummarySchema.optional(),
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
  /** A quantized candidate's layerwise error against the reference (compare with layers on). */
  layers: LayerwiseSchema.optional(),
  /** Present in the report of one shard of a sharded run. */
  shard: ShardNoteSchema.optional(),
  /** Present in a report merged from shards (`parity merge`); performance is then per shard, not in `performance`. */
  shards: MergedShardsSchema.optional(),
  /**
   * Every candidate of the run, the first one included; the top-level keys above describe the first (so a report
   * of one candidate reads as before) and `gate` is the run's: it passes only when every candidate's does.
   */
  candidates: z.array(CandidateResultSchema).min(1).optional(),
  /** Where the time went; in a merged report, the sums over its shards. */
  timings: RunTimingsSchema,
});
export type ParityReport = z.infer<typeof ParityReportSchema>;
