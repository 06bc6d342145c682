import { z } from 'zod';
import { EnvironmentSchema } from '../../report/report.js';

export const VersionsParamsSchema = z.object({});
export const VersionsResultSchema = z.object({
  parity: z.string(),
  environment: EnvironmentSchema,
  pid: z.number().int(),
});
export type VersionsResult = z.infer<typeof VersionsResultSchema>;

export const VersionsJob = { params: VersionsParamsSchema, result: VersionsResultSchema } as const;
