/**
 * The search's record in the manifest of the variant it chose (`search`): every candidate tried with its measured
 * latency ratio (interval), size ratio and target metric on this CPU, the one chosen and why, and — when no int8
 * candidate was faster than the original — the fastest variant that meets the target instead.
 */
import { z } from 'zod';
import { GateCriterionSchema } from './gate-criterion.js';

export const LatencyRatioSchema = z.object({
  /** Median of the paired per-round ratios candidate ÷ original (below 1: faster). */
  median: z.number(),
  /** Seeded bootstrap 95% interval of that median. */
  ci95: z.tuple([z.number(), z.number()]),
  rounds: z.number().int(),
});
export type LatencyRatio = z.infer<typeof LatencyRatioSchema>;

export const SearchCandidateSchema = z.object({
  id: z.string(),
  label: z.string(),
  recipe: z.string(),
  /** int8 settings of the candidate (absent for float recipes). */
  perChannel: z.boolean().optional(),
  calibMethod: z.string().optional(),
  /** The channel guard's floor in dB (0: off, every activation quantized). */
  channelSqnrFloorDb: z.number().optional(),
  /** Nodes kept in float beyond what the recipe leaves out by itself (the k most sensitive). */
  excluded: z.array(z.string()),
  latencyRatio: LatencyRatioSchema.nullable(),
  sizeRatio: z.number().nullable(),
  /** The target's first metric on the clean validation images (null: not applicable or not measured). */
  metric: z.number().nullable(),
  /** Every target metric on the clean validation images. */
  metrics: z.record(z.string(), z.number().nullable()),
  /** Under each requested perturbation (null: not checked, because the clean target was missed). */
  perturbed: z
    .array(z.object({ perturbation: z.string(), severity: z.number().int(), metric: z.number().nullable(), meets: z.boolean() }))
    .nullable(),
  meetsTarget: z.boolean(),
  /** Why the candidate could not be built or measured (then nothing else is filled in). */
  failed: z.string().nullable(),
  seconds: z.number(),
});
export type SearchCandidate = z.infer<typeof SearchCandidateSchema>;

export const SearchSectionSchema = z.object({
  target: z.array(GateCriterionSchema),
  targetText: z.string(),
  validation: z.object({
    dir: z.string(),
    images: z.number().int(),
    /** True when the images were held out of the calibration folder (and not used to calibrate). */
    heldOut: z.boolean(),
    labelled: z.boolean(),
  }),
  perturb: z.object({ names: z.array(z.string()), severity: z.number().int() }).nullable(),
  budgetSeconds: z.number(),
  elapsedSeconds: z.number(),
  /** Why the search stopped: every planned candidate was tried, or the budget ran out. */
  stoppedBy: z.enum(['done', 'budget']),
  cpu: z.object({ model: z.string(), threads: z.number().int(), int8DotProduct: z.boolean() }),
  /** Quantized nodes from most to least sensitive (SQNR of each alone on the validation images). */
  sensitivity: z.array(z.object({ node: z.string(), aloneSqnrDb: z.number().nullable() })),
  candidates: z.array(SearchCandidateSchema),
  /** The int8 candidate written to the output file. */
  chosen: z.string(),
  /** Whether the chosen candidate meets the target (clean and under every requested perturbation). */
  met: z.boolean(),
  /** Whether any int8 candidate was measurably faster than the original (interval of its latency ratio below 1). */
  int8Faster: z.boolean(),
  /** When no int8 candidate was faster: the fastest measured float variant that meets the target, if any. */
  recommendation: z.object({ candidate: z.string(), recipe: z.string(), command: z.string() }).nullable(),
  /** Plain sentences: what was chosen and why, what to do instead. */
  verdict: z.array(z.string()),
});
export type SearchSection = z.infer<typeof SearchSectionSchema>;
