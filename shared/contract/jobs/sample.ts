import { z } from 'zod';
import { PreprocessSpecSchema } from '../../preprocess.js';

/** The built-in sample: the PaddleOCR text-orientation classifier and labelled text-line images. */
export const SampleParamsSchema = z.object({});
export const SampleResultSchema = z.object({
  modelPath: z.string(),
  imagesDir: z.string(),
  labelsPath: z.string(),
  preprocess: PreprocessSpecSchema,
  description: z.string(),
});
export type SampleResult = z.infer<typeof SampleResultSchema>;

export const SampleJob = { params: SampleParamsSchema, result: SampleResultSchema } as const;
