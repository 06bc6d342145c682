import { z } from 'zod';
import { DEFAULT_PERTURBATION_SEED, PerturbationNameSchema, PerturbationSeedSchema, SeveritySchema } from '../../perturbations/index.js';

/** One image file perturbed and written to another file (`parity perturb`). */
export const PerturbParamsSchema = z.object({
  image: z.string().min(1),
  perturbation: PerturbationNameSchema,
  severity: SeveritySchema,
  seed: PerturbationSeedSchema.default(DEFAULT_PERTURBATION_SEED),
  /** Output file; its extension (.png, .jpg/.jpeg, .webp) picks the format. */
  output: z.string().min(1),
});
export type PerturbParams = z.input<typeof PerturbParamsSchema>;

export const PerturbResultSchema = z.object({
  output: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  perturbation: PerturbationNameSchema,
  severity: SeveritySchema,
  seed: z.number().int(),
  /** How the input was brought to 8-bit RGB first (grayscale, palette, 16-bit, alpha, orientation), if at all. */
  conversions: z.array(z.string()),
  perturbMs: z.number(),
});
export type PerturbResult = z.infer<typeof PerturbResultSchema>;

export const PerturbJob = { params: PerturbParamsSchema, result: PerturbResultSchema } as const;
