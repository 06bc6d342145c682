/**
 * The declarative preprocessing spec: how an image file becomes the model's input tensor.
 * value = (pixel / scale - mean[c]) / std[c], channels in `colorOrder`, laid out as `layout`.
 * Fields added after the first release (anchor, pad, cropFraction, batch, GRAY, int8) are optional and default to
 * the earlier behaviour, so every spec written before them still means the same thing.
 */
import { z } from 'zod';

export const ResizeModeSchema = z.enum(['stretch', 'letterbox', 'crop']);
export type ResizeMode = z.infer<typeof ResizeModeSchema>;

const triple = z.tuple([z.number(), z.number(), z.number()]);
/** Per-channel values; one value (for a grayscale model, or the same for all channels) stands for three. */
const channelValues = z.union([z.tuple([z.number()]).transform(([v]) => [v, v, v] as [number, number, number]), triple]);
const byte = z.number().int().min(0).max(255);

export const LetterboxAnchorSchema = z.enum(['center', 'top-left']);
export type LetterboxAnchor = z.infer<typeof LetterboxAnchorSchema>;

export const PreprocessSpecSchema = z
  .object({
    resize: ResizeModeSchema,
    width: z.number().int().min(1).max(16384),
    height: z.number().int().min(1).max(16384),
    /** GRAY: one channel, ITU-R BT.601 luma of the RGB image (Y = 0.299 R + 0.587 G + 0.114 B, as Pillow's "L"). */
    colorOrder: z.enum(['RGB', 'BGR', 'GRAY']),
    layout: z.enum(['NCHW', 'NHWC']),
    scale: z.union([z.literal(255), z.literal(1)]),
    mean: channelValues,
    std: channelValues.refine((s) => s.every((v) => v !== 0), 'std values must be non-zero'),
    /** uint8: raw pixels; int8: pixel − 128 (TFLite's quantized-input convention). */
    dtype: z.enum(['float32', 'uint8', 'int8']),
    /** Letterbox: where the image sits in the padded input (default centre; YOLOX and others pad right/bottom). */
    anchor: LetterboxAnchorSchema.optional(),
    /** Letterbox padding value in 0–255, one for all channels or [R, G, B] (default 114, YOLO's grey). */
    pad: z.union([byte, z.tuple([byte, byte, byte])]).optional(),
    /** Crop: the share of the resized image kept, e.g. 0.875 = resize the shorter side to 256, centre-crop 224. */
    cropFraction: z.number().gt(0).max(1).optional(),
    /** A model with a fixed batch larger than 1 gets the same image in every slot (default 1). */
    batch: z.number().int().min(1).max(256).optional(),
  })
  .strict();
export type PreprocessSpec = z.infer<typeof PreprocessSpecSchema>;

/** A partial spec as a user writes it in a file; missing fields come from the model or defaults. */
export const PartialPreprocessSpecSchema = PreprocessSpecSchema.partial().strict();
export type PartialPreprocessSpec = z.infer<typeof PartialPreprocessSpecSchema>;
/** A partial spec as written, before parsing: a one-value mean or std is allowed (parsing expands it to three). */
export type PartialPreprocessSpecInput = z.input<typeof PartialPreprocessSpecSchema>;

export const DEFAULT_PREPROCESS: Omit<PreprocessSpec, 'width' | 'height'> = {
  resize: 'stretch',
  colorOrder: 'RGB',
  layout: 'NCHW',
  scale: 255,
  mean: [0, 0, 0],
  std: [1, 1, 1],
  dtype: 'float32',
};

/** Grey used to pad letterboxed images when the spec gives no `pad`. */
export const DEFAULT_LETTERBOX_PAD = 114;

/** Number of tensor channels the spec produces (1 for GRAY, else 3). */
export function channelCount(spec: Pick<PreprocessSpec, 'colorOrder'>): 1 | 3 {
  return spec.colorOrder === 'GRAY' ? 1 : 3;
}

/** The input tensor's dims for a spec: [batch, C, H, W] or [batch, H, W, C]. */
export function tensorDims(spec: Pick<PreprocessSpec, 'colorOrder' | 'layout' | 'width' | 'height' | 'batch'>): number[] {
  const c = channelCount(spec);
  const n = spec.batch ?? 1;
  return spec.layout === 'NCHW' ? [n, c, spec.height, spec.width] : [n, spec.height, spec.width, c];
}

/** The letterbox padding as an RGB triple. */
export function letterboxPad(spec: Pick<PreprocessSpec, 'pad'>): [number, number, number] {
  const pad = spec.pad ?? DEFAULT_LETTERBOX_PAD;
  return typeof pad === 'number' ? [pad, pad, pad] : pad;
}
