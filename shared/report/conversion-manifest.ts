/** The manifest written next to every converted model (`<name>.manifest.json`). */
import { z } from 'zod';

export const ConversionManifestSchema = z.object({
  recipe: z.string(),
});
export type ConversionManifest = z.infer<typeof ConversionManifestSchema>;
