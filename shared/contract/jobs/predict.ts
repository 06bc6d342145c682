/**
 * Both models on one image of a run, as the run fed it (clean or under a perturbation): each model's top-k, and
 * for dense outputs the |reference − candidate| map drawn as a heat map over the image. The app's image viewer
 * asks for it (top-5 under a perturbation, where a detector's maps differ); runs store only top-1 of perturbed
 * images.
 */
import { z } from 'zod';
import { PreprocessSpecSchema } from '../../preprocess.js';
import { PerturbationSpecSchema } from '../../perturbations/index.js';
import { TopKEntrySchema } from '../../report/metrics.js';

export const PredictParamsSchema = z.object({
  reference: z.string().min(1),
  candidate: z.string().min(1),
  /** The image file. */
  image: z.string().min(1),
  /** The run's resolved preprocessing (report.preprocess): the same tensor the run fed both models. */
  spec: PreprocessSpecSchema,
  perturbation: PerturbationSpecSchema.nullable().default(null),
  topK: z.number().int().min(1).max(20).default(5),
  /** Longest side of the returned pictures (shrunk when larger, enlarged up to it when smaller: a zoomed view). */
  maxSide: z.number().int().min(16).max(2048).default(512),
});
export type PredictParams = z.input<typeof PredictParamsSchema>;

export const PredictResultSchema = z.object({
  /** Top-k of each model's first classification output (softmax applied when the reference gives logits). */
  reference: z.object({ topK: z.array(TopKEntrySchema) }),
  candidate: z.object({ topK: z.array(TopKEntrySchema) }),
  /** The image as the models saw it (perturbed if asked), PNG. */
  imageUri: z.string(),
  /** |reference − candidate| of the first dense output (max over channels), over the image; null without one. */
  heatmap: z
    .object({
      output: z.string(),
      /** PNG: the image darkened, the difference in a colour ramp on top (transparent where it is 0). */
      dataUri: z.string(),
      maxAbsDiff: z.number(),
      meanAbsDiff: z.number(),
    })
    .nullable(),
  elapsedMs: z.number(),
});
export type PredictResult = z.infer<typeof PredictResultSchema>;

export const PredictJob = { params: PredictParamsSchema, result: PredictResultSchema } as const;
