/**
 * The live preprocessing preview: one image as the model sees it (after resize, before normalisation is undone),
 * and the per-channel statistics of the tensor it becomes, so a wrong mean/std or colour order shows at a glance.
 */
import { z } from 'zod';
import { TensorSignatureSchema } from '../../model-info.js';
import { PartialPreprocessSpecSchema, PreprocessSpecSchema } from '../../preprocess.js';
import { PerturbationSpecSchema } from '../../perturbations/index.js';

export const PreviewParamsSchema = z.object({
  /** An image file, or a folder of images (then the `index`-th image of its sorted listing is shown). */
  image: z.string().min(1),
  index: z.number().int().min(0).default(0),
  /** The spec as the user edits it; fields left out come from `input` (or the defaults) as in a comparison. */
  spec: PartialPreprocessSpecSchema.default({}),
  /** The model's image input, to complete the spec exactly as the compare job would; null when the spec is complete. */
  input: TensorSignatureSchema.nullable().default(null),
  /**
   * Applied after the resize, exactly as a comparison perturbs the image (same pixels for the same seed), so the
   * app can show an image as the models saw it under a perturbation.
   */
  perturbation: PerturbationSpecSchema.nullable().default(null),
  /** Longest side of the returned picture (shrunk if larger, never enlarged); statistics cover the whole tensor. */
  maxSide: z.number().int().min(16).max(2048).default(512),
});
export type PreviewParams = z.input<typeof PreviewParamsSchema>;

export const ChannelStatsSchema = z.object({
  /** Tensor channel name in tensor order: "R", "G", "B" (or "B", "G", "R" for BGR models). */
  channel: z.string(),
  min: z.number(),
  mean: z.number(),
  max: z.number(),
});
export type ChannelStats = z.infer<typeof ChannelStatsSchema>;

export const PreviewResultSchema = z.object({
  /** Absolute path of the image shown. */
  imagePath: z.string(),
  /** Index of that image and how many images the folder holds (1 for a single file). */
  index: z.number().int(),
  count: z.number().int(),
  source: z.object({ width: z.number().int(), height: z.number().int() }),
  /** The resolved spec the picture and statistics were made with. */
  spec: PreprocessSpecSchema,
  /** PNG of the model-sized RGB image (letterbox bars and crops visible, perturbed if asked), shrunk to maxSide when larger. */
  dataUri: z.string(),
  tensor: z.object({ dims: z.array(z.number().int()), dtype: z.string(), channels: z.array(ChannelStatsSchema) }),
  elapsedMs: z.number(),
});
export type PreviewResult = z.infer<typeof PreviewResultSchema>;

export const PreviewJob = { params: PreviewParamsSchema, result: PreviewResultSchema } as const;
