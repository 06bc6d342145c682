/** Report sections for parity under perturbations (fog, occlusion, ImageNet-C corruptions). */
import { z } from 'zod';
import { SummaryMetricsSchema } from './metrics.js';

export const PerturbationResultSchema = z.object({
  name: z.string(),
  severity: z.number().int().min(1).max(5),
  metrics: SummaryMetricsSchema,
});
export type PerturbationResult = z.infer<typeof PerturbationResultSchema>;

export const RobustnessSummarySchema = z.object({
  /** Corruption error per perturbation: Σ_s E(candidate) / Σ_s E(reference). */
  corruptionError: z.record(z.string(), z.number().nullable()),
  relativeCorruptionError: z.record(z.string(), z.number().nullable()),
  mCE: z.number().nullable(),
  relativeMCE: z.number().nullable(),
});
export type RobustnessSummary = z.infer<typeof RobustnessSummarySchema>;
