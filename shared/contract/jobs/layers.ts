import { z } from 'zod';
import { PartialPreprocessSpecSchema } from '../../preprocess.js';
import { DEFAULT_LAYER_SQNR_FLOOR_DB, LayerwiseSchema } from '../../report/layers-section.js';

/** Default number of images the layerwise comparison runs on: SQNR over a few dozen images is stable. */
export const DEFAULT_LAYER_IMAGES = 32;

/** Layerwise error of a candidate against its reference (`parity layers`). */
export const LayersParamsSchema = z.object({
  reference: z.string().min(1),
  candidate: z.string().min(1),
  images: z.string().min(1),
  preprocess: PartialPreprocessSpecSchema.nullable().default(null),
  /** At most this many images, spread evenly over the folder. */
  maxImages: z.number().int().positive().default(DEFAULT_LAYER_IMAGES),
  /** SQNR floor in dB: the first tensor below it is named. */
  floorDb: z.number().min(-100).max(200).default(DEFAULT_LAYER_SQNR_FLOOR_DB),
  threads: z.number().int().positive().nullable().default(null),
  /** Also write the result here as JSON (atomically). */
  json: z.string().min(1).nullable().default(null),
});
export type LayersParams = z.input<typeof LayersParamsSchema>;

export const LayersJob = { params: LayersParamsSchema, result: LayerwiseSchema } as const;
