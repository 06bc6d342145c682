import { z } from 'zod';
import { CompareResultSchema } from './compare.js';

/** Continues an interrupted comparison from its run folder (params.json + checkpoint.json), or starts it over. */
export const ResumeParamsSchema = z.object({
  runDir: z.string().min(1),
  /** Extra copies of the reports (CLI --json/--report/--csv); default: the copies the run was started with. */
  copies: z
    .object({ json: z.string().optional(), html: z.string().optional(), csv: z.string().optional() })
    .optional(),
});
export type ResumeParams = z.input<typeof ResumeParamsSchema>;

export const ResumeJob = { params: ResumeParamsSchema, result: CompareResultSchema } as const;
