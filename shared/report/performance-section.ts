/** Report section with both models' speed, memory and size measured on the compared images. */
import { z } from 'zod';

export const PerformanceSectionSchema = z.object({
  headline: z.string(),
});
export type PerformanceSection = z.infer<typeof PerformanceSectionSchema>;
