import { z } from 'zod';
import { ConversionManifestSchema } from '../../report/conversion-manifest.js';

export const RECIPES = ['optimized'] as const;
export const RecipeSchema = z.enum(RECIPES);
export type Recipe = z.infer<typeof RecipeSchema>;

export const ConvertParamsSchema = z.object({
  model: z.string().min(1),
  recipe: RecipeSchema,
  /** Output path; the manifest is written next to it as <name>.manifest.json. */
  output: z.string().min(1),
  /** Allow graph optimizations that tie the file to this CPU (ORT level 'all'). */
  hardwareSpecific: z.boolean().default(false),
});
export type ConvertParams = z.input<typeof ConvertParamsSchema>;

export const ConvertResultSchema = z.object({
  output: z.string(),
  manifestPath: z.string(),
  manifest: ConversionManifestSchema,
});
export type ConvertResult = z.infer<typeof ConvertResultSchema>;

export const ConvertJob = { params: ConvertParamsSchema, result: ConvertResultSchema } as const;
