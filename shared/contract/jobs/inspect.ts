import { z } from 'zod';
import { ModelInfoSchema } from '../../model-info.js';

export const InspectParamsSchema = z.object({
  model: z.string().min(1),
  /** Concrete sizes for symbolic input dims (input name → shape), used only to estimate FLOPs. */
  inputShapes: z.record(z.string(), z.array(z.number().int().positive())).optional(),
});
export type InspectParams = z.infer<typeof InspectParamsSchema>;

export const InspectJob = { params: InspectParamsSchema, result: ModelInfoSchema } as const;
