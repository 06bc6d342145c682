/** Progress of a long job, as the engine reports it and every host shows it. */
import { z } from 'zod';

export const JobProgressSchema = z.object({
  /** What the job is doing now, in the user's words: "decoding images", "running models", "writing report". */
  stage: z.string(),
  done: z.number().int().min(0),
  /** Null while the amount of work is not yet known. */
  total: z.number().int().min(0).nullable(),
  /** Estimated time to finish the current stage, or null when unknown. */
  etaMs: z.number().min(0).nullable(),
  message: z.string().optional(),
});
export type JobProgress = z.infer<typeof JobProgressSchema>;
