/**
 * The declarative preprocessing spec: how an image file becomes the model's input tensor.
 * value = (pixel / scale - mean[c]) / std[c], channels in `colorOrder`, laid out as `layout`.
 */
import { z } from 'zod';

export const ResizeModeSchema = z.enum(['stretch', 'letterbox', 'crop']);
export type ResizeMode = z.infer<typeof ResizeModeSchema>;

const triple = z.tuple([z.number(), z.number(), z.number()]);

export const PreprocessSpecSchema = z
  .object({
    resize: ResizeModeSchema,
    width: z.number().int().min(1).max(16384),
    height: z.number().int().min(1).max(16384),
    colorOrder: z.enum(['RGB', 'BGR']),
    layout: z.enum(['NCHW', 'NHWC']),
    scale: z.union([z.literal(255), z.literal(1)]),
    mean: triple,
    std: triple.refine((s) => s.every((v) => v !== 0), 'std values must be non-zero'),
    dtype: z.enum(['float32', 'uint8']),
  })
  .strict();
export type PreprocessSpec = z.infer<typeof PreprocessSpecSchema>;

/** A partial spec as a user writes it in a file; missing fields come from the model or defaults. */
export const PartialPreprocessSpecSchema = PreprocessSpecSchema.partial().strict();
export type PartialPreprocessSpec = z.infer<typeof PartialPreprocessSpecSchema>;

export const DEFAULT_PREPROCESS: Omit<PreprocessSpec, 'width' | 'height'> = {
  resize: 'stretch',
  colorOrder: 'RGB',
  layout: 'NCHW',
  scale: 255,
  mean: [0, 0, 0],
  std: [1, 1, 1],
  dtype: 'float32',
};
