/** Where a comparison ran and how long it took: facts of one machine, which differ between shards of one run. */
import { z } from 'zod';

export const EnvironmentSchema = z.object({
  cpuModel: z.string(),
  cores: z.number().int(),
  /** Only the flags that matter for inference kernels: avx2, fma, avx512*, vnni, amx*, f16c. */
  cpuFlags: z.array(z.string()),
  os: z.string(),
  nodeVersion: z.string(),
  ortVersion: z.string(),
  sharpVersion: z.string(),
});
export type Environment = z.infer<typeof EnvironmentSchema>;

export const RunTimingsSchema = z.object({
  totalMs: z.number(),
  decodeMs: z.number(),
  preprocessMs: z.number(),
  inferenceMs: z.object({ reference: z.number(), candidate: z.number() }),
  metricsMs: z.number(),
});
export type RunTimings = z.infer<typeof RunTimingsSchema>;
