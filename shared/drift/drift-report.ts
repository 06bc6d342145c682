/**
 * drift.json: how far a field folder has moved from a reference folder — image statistics, the model's view
 * (outputs and features), which catalog perturbation the field resembles, and the CI gate. The JSON is the source
 * of truth; the HTML report and the app's Drift screen are views of it.
 */
import { z } from 'zod';
import { PreprocessSpecSchema } from '../preprocess.js';
import { STATISTIC_NAMES } from './statistics.js';
import { DriftCriterionSchema } from './gate-spec.js';

export const DRIFT_SCHEMA_VERSION = 1;

export const StatisticNameSchema = z.enum(STATISTIC_NAMES);

/** Two overlaid histograms on the same bins (edges has one more entry than each count array). */
export const DriftHistogramSchema = z.object({
  edges: z.array(z.number()),
  reference: z.array(z.number().int().min(0)),
  field: z.array(z.number().int().min(0)),
  /** The bins are equal in log10(1 + value) rather than in value. */
  log: z.boolean(),
});
export type DriftHistogram = z.infer<typeof DriftHistogramSchema>;

export const SampleSummarySchema = z.object({
  count: z.number().int().min(0),
  mean: z.number().nullable(),
  median: z.number().nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
});
export type SampleSummary = z.infer<typeof SampleSummarySchema>;

/** How far one scalar moved: PSI over the reference's quantile bins, and the two-sample KS test. */
export const ScalarShiftSchema = z.object({
  /** Population stability index Σ (f − r)·ln(f / r) over `psiBins` bins cut at the reference's quantiles. */
  psi: z.number().nullable(),
  psiBins: z.number().int().min(0),
  /** Two-sample Kolmogorov–Smirnov statistic (largest gap between the two empirical CDFs). */
  ks: z.number().nullable(),
  /** Its two-sided p-value (exact, as SciPy's ks_2samp with method 'auto' up to 10,000 values per side). */
  pValue: z.number().nullable(),
  /** Values the KS test saw per side: all of them, or a seeded uniform sample of 10,000 when there were more. */
  ksSample: z.object({ reference: z.number().int(), field: z.number().int() }),
  reference: SampleSummarySchema,
  field: SampleSummarySchema,
  histogram: DriftHistogramSchema,
});
export type ScalarShift = z.infer<typeof ScalarShiftSchema>;

export const DriftLevelSchema = z.enum(['stable', 'moderate', 'shifted']);
export type DriftLevel = z.infer<typeof DriftLevelSchema>;

export const DriftStatisticSchema = ScalarShiftSchema.extend({
  name: StatisticNameSchema,
  title: z.string(),
  unit: z.string(),
  /** PSI's usual reading: below 0.1 stable, 0.1–0.25 moderate, above 0.25 shifted. */
  level: DriftLevelSchema,
});
export type DriftStatistic = z.infer<typeof DriftStatisticSchema>;

export const ClassHistogramSchema = z.object({
  /** Images per predicted class, index = class. */
  reference: z.array(z.number().int().min(0)),
  field: z.array(z.number().int().min(0)),
  /**
   * PSI over the classes that expect at least 20 images in the smaller folder, the rest pooled into one bin (so a
   * thousand classes over a few hundred images do not read as drift); `psiBins` says how many bins that left.
   */
  psi: z.number().nullable(),
  psiBins: z.number().int().min(0),
  /** Class names when a labels file was given. */
  names: z.array(z.string()).nullable(),
});
export type ClassHistogram = z.infer<typeof ClassHistogramSchema>;

export const OutputShiftSchema = z.object({
  output: z.string(),
  classes: z.number().int().min(1),
  /** Whether the output held probabilities already or logits that were put through softmax. */
  scores: z.enum(['probabilities', 'logits']),
  predictedClass: ClassHistogramSchema,
  confidence: ScalarShiftSchema,
  entropy: ScalarShiftSchema,
});
export type OutputShift = z.infer<typeof OutputShiftSchema>;

export const FeatureShiftSchema = z.object({
  /** The tensor used as features: the input of the last Gemm/MatMul, or the node the user named. */
  tensor: z.string(),
  how: z.string(),
  dims: z.number().int().min(1),
  /** Seeded reservoir samples of feature vectors that the MMD was computed on. */
  sample: z.object({ reference: z.number().int(), field: z.number().int(), capacity: z.number().int(), seed: z.number().int() }),
  /** Unbiased MMD² with an RBF kernel exp(−‖x − y‖² / (2σ²)). */
  mmd2: z.number(),
  /** σ: the median of the pairwise distances of the pooled sample (median heuristic). */
  bandwidth: z.number(),
  /** Permutation test: (1 + #{permuted MMD² ≥ observed}) / (1 + permutations). */
  pValue: z.number(),
  permutations: z.number().int(),
});
export type FeatureShift = z.infer<typeof FeatureShiftSchema>;

export const LeastLikeImageSchema = z.object({
  path: z.string(),
  /** Mean feature distance to the k nearest reference images (larger: less like the reference set). */
  score: z.number(),
  /** Thumbnail file inside the run folder (thumbs/…), null when it could not be made. */
  thumbnail: z.string().nullable(),
});

export const CandidateViewSchema = z.object({
  path: z.string(),
  sha256: z.string(),
  /** Top-1 agreement of the candidate with the model on each folder. */
  agreement: z.object({ reference: z.number().nullable(), field: z.number().nullable() }),
});

export const ModelViewSchema = z.object({
  path: z.string(),
  sha256: z.string(),
  preprocess: PreprocessSpecSchema,
  outputs: OutputShiftSchema.nullable(),
  outputsNote: z.string().nullable(),
  features: FeatureShiftSchema.nullable(),
  featuresNote: z.string().nullable(),
  leastLike: z.array(LeastLikeImageSchema),
  /** Median score of the reference sample against itself (leave-one-out), to read leastLike's scores against. */
  referenceScore: z.number().nullable(),
  candidate: CandidateViewSchema.nullable(),
});
export type ModelView = z.infer<typeof ModelViewSchema>;

export const ResemblanceSchema = z.object({
  name: z.string(),
  severity: z.number().int().min(1).max(5),
  /** Mean KS statistic, over the pixel statistics, between the reference sample so perturbed and the field. */
  distance: z.number(),
  perStatistic: z.record(z.string(), z.number()),
  /**
   * Whether it resembles the field clearly more than the unperturbed reference sample does: by at least a quarter
   * of the sample's own distance (less is within the sampling noise of a few dozen images).
   */
  closerThanClean: z.boolean(),
  /** The candidate's top-1 agreement with the reference model at this perturbation in the robustness run. */
  agreement: z.number().nullable(),
});
export type Resemblance = z.infer<typeof ResemblanceSchema>;

export const RobustnessLinkSchema = z.object({
  runDir: z.string(),
  /** The run compared the same model files (by SHA-256) as this drift check. */
  sameModels: z.boolean(),
  note: z.string(),
  reference: z.string(),
  candidate: z.string(),
});

export const DriftGateSchema = z.object({
  passed: z.boolean(),
  criteria: z.array(DriftCriterionSchema),
  failures: z.array(DriftCriterionSchema.extend({ value: z.number().nullable(), message: z.string() })),
});
export type DriftGate = z.infer<typeof DriftGateSchema>;

const FolderSchema = z.object({
  folder: z.string(),
  images: z.number().int().min(0),
  skipped: z.array(z.object({ path: z.string(), reason: z.string() })),
});

export const DriftReportSchema = z.object({
  schemaVersion: z.literal(DRIFT_SCHEMA_VERSION),
  kind: z.literal('drift'),
  createdAt: z.string(),
  tool: z.object({ name: z.literal('parity'), version: z.string() }),
  reference: FolderSchema,
  field: FolderSchema,
  /** The pixels the statistics are measured on. */
  analysis: z.object({ description: z.string(), seed: z.number().int() }),
  /** Sorted by how far they moved (PSI, then KS), largest first. */
  statistics: z.array(DriftStatisticSchema),
  model: ModelViewSchema.nullable(),
  /** Closest first. */
  resembles: z.array(ResemblanceSchema),
  resemblance: z
    .object({
      sample: z.number().int(),
      statistics: z.array(StatisticNameSchema),
      /** Distance of the unperturbed reference sample to the field. */
      cleanDistance: z.number(),
      perturbations: z.number().int(),
    })
    .nullable(),
  robustnessRun: RobustnessLinkSchema.nullable(),
  gate: DriftGateSchema,
  /** One or two sentences: what moved, what the field resembles, what that means for the candidate. */
  headline: z.string(),
  timings: z.object({ totalMs: z.number(), referenceMs: z.number(), fieldMs: z.number(), resemblanceMs: z.number(), featureTestMs: z.number() }),
});
export type DriftReport = z.infer<typeof DriftReportSchema>;
