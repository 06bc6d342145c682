/**
 * Report sections for parity under perturbations (fog, occlusion, ImageNet-C corruptions): one entry per
 * (perturbation, severity) with the metrics of `summary.clean`, and the robustness summary (corruption errors with
 * the reference as baseline, the bounded list of top-1 flips, the sample image of the strip, timings).
 * Fields added after the first version are optional so that older reports still validate.
 */
import { z } from 'zod';
import { SummaryMetricsSchema, TopKEntrySchema } from './metrics.js';

const ModelPairSchema = z.object({ reference: z.number(), candidate: z.number() });

/** What a model's error is: top-1 error against the labels, or 1 − mAP@0.5 of a detector against its truth. */
export const ErrorMeasureSchema = z.enum(['top-1', 'mAP@0.5']);
export type ErrorMeasure = z.infer<typeof ErrorMeasureSchema>;

export const PerturbationResultSchema = z.object({
  name: z.string(),
  severity: z.number().int().min(1).max(5),
  /** The same metrics as `summary.clean`, over the perturbed images (accuracy {reference, candidate, delta} with labels). */
  metrics: SummaryMetricsSchema,
  /** Catalog family: noise, blur, weather, digital or occlusion. */
  family: z.string().optional(),
  /**
   * Each model's error: top-1 error against the labels (1 − accuracy), or a detector's 1 − mAP@0.5 against its truth
   * (--boxes, else the reference's boxes on the clean image); null when neither applies.
   */
  error: ModelPairSchema.nullable().optional(),
  /** Images on which the candidate's top-1 differs from the reference's under this perturbation (classifiers only). */
  flips: z.number().int().optional(),
});
export type PerturbationResult = z.infer<typeof PerturbationResultSchema>;

/** One image where the candidate's top-1 differs from the reference's under a perturbation (shown perturbed). */
export const FlipExampleSchema = z.object({
  path: z.string(),
  label: z.string().nullable(),
  perturbation: z.string(),
  severity: z.number().int().min(1).max(5),
  reference: TopKEntrySchema,
  candidate: TopKEntrySchema,
  disagreement: z.number(),
});
export type FlipExample = z.infer<typeof FlipExampleSchema>;

/** Corruption errors of one perturbation over its severities (needs labels). */
export const CorruptionErrorSchema = z.object({
  name: z.string(),
  family: z.string(),
  /** Σ over severities of each model's top-1 error. */
  errorSum: ModelPairSchema,
  /** Σ over severities of (error − clean error) of each model. */
  relativeErrorSum: ModelPairSchema,
  /** errorSum.candidate / errorSum.reference; null when the reference never errs (then see `note`). */
  ce: z.number().nullable(),
  /** relativeErrorSum.candidate / relativeErrorSum.reference; null when the reference's error does not rise. */
  relativeCe: z.number().nullable(),
  note: z.string().optional(),
});
export type CorruptionError = z.infer<typeof CorruptionErrorSchema>;

export const RobustnessTimingSchema = z.object({
  /** Time spent computing perturbations (cache misses). */
  perturbMs: z.number(),
  /** Time spent reading cached perturbed images (hits). */
  cacheReadMs: z.number(),
  inferenceMs: ModelPairSchema,
  metricsMs: z.number(),
  cache: z.object({
    enabled: z.boolean(),
    hits: z.number().int(),
    misses: z.number().int(),
    writes: z.number().int(),
    evicted: z.number().int(),
    maxBytes: z.number(),
  }),
});
export type RobustnessTiming = z.infer<typeof RobustnessTimingSchema>;

export const RobustnessSummarySchema = z.object({
  /** Corruption error per perturbation: Σ_s E(candidate) / Σ_s E(reference); empty without labels. */
  corruptionError: z.record(z.string(), z.number().nullable()),
  /** Σ_s (E − E_clean)(candidate) / Σ_s (E − E_clean)(reference); empty without labels. */
  relativeCorruptionError: z.record(z.string(), z.number().nullable()),
  /** Mean CE over the perturbations whose CE is defined; null without labels or when none is. */
  mCE: z.number().nullable(),
  relativeMCE: z.number().nullable(),
  /** The model whose errors normalise CE: the original model, as ImageNet-C normalises by AlexNet. */
  baseline: z.literal('reference').optional(),
  seed: z.number().int().optional(),
  severities: z.array(z.number().int().min(1).max(5)).optional(),
  /** Whether each model's error could be measured (CE needs it): labels were given, or the model is a detector. */
  labelled: z.boolean().optional(),
  /** The error CE is made of; absent in reports older than detection (top-1). */
  errorMeasure: ErrorMeasureSchema.optional(),
  /** Clean error of each model; null when it cannot be measured. */
  cleanError: ModelPairSchema.nullable().optional(),
  /** The detail behind corruptionError, in catalog order. */
  perPerturbation: z.array(CorruptionErrorSchema).optional(),
  /** How many perturbations have a defined CE (the mean's count). */
  mCECount: z.number().int().optional(),
  /**
   * Top-1 flips under perturbation: the total count, and a bounded list of examples (largest disagreement first);
   * absent for models without a classification output.
   */
  flips: z.object({ total: z.number().int(), examples: z.array(FlipExampleSchema) }).optional(),
  /** The image shown under every perturbation and severity in the HTML strip. */
  sampleImage: z.string().nullable().optional(),
  timing: RobustnessTimingSchema.optional(),
});
export type RobustnessSummary = z.infer<typeof RobustnessSummarySchema>;

/** A few figures of the robustness run for the job result and the CLI summary. */
export const RobustnessHeadlineSchema = z.object({
  perturbations: z.number().int(),
  severities: z.array(z.number().int()),
  seed: z.number().int(),
  perturbedImages: z.number().int(),
  labelled: z.boolean(),
  lowestAgreement: z
    .object({ metric: z.string(), perturbation: z.string(), severity: z.number().int(), value: z.number().nullable() })
    .nullable(),
  /** Top-1 flips under perturbation; null for models without a classification output. */
  flips: z.number().int().nullable(),
  mCE: z.number().nullable(),
  relativeMCE: z.number().nullable(),
  perturbMs: z.number(),
  cache: z.object({ enabled: z.boolean(), hits: z.number().int(), misses: z.number().int() }),
});
export type RobustnessHeadline = z.infer<typeof RobustnessHeadlineSchema>;
