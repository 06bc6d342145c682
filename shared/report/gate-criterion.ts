/** One criterion of a CI gate or a search target (`top1Agreement>=0.99`), on its own so that schemas importing
 * it from both the report and the manifest form no import cycle. */
import { z } from 'zod';

export const GateCriterionSchema = z.object({
  metric: z.string(),
  /** 'min': fail when the value is below threshold; 'max': fail when above. */
  bound: z.enum(['min', 'max']),
  threshold: z.number(),
});
export type GateCriterion = z.infer<typeof GateCriterionSchema>;
