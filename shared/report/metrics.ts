/** Parity metrics as they appear in reports: per image, per output and aggregated. */
import { z } from 'zod';
import { DetectionMetricsSchema, DetectionSummarySchema } from './detection.js';
import { METRICS, SUMMARY_METRIC_KEYS, type Direction, type SummaryMetricKey } from './metric-meaning.js';

const num = z.number();
const optNum = z.number().nullable();

/** Error statistics of candidate vs reference over every element of one output (Polygraphy's view). */
export const ErrorStatsSchema = z.object({
  maxAbs: num,
  maxRel: num,
  meanAbs: num,
  quantiles: z.object({ p50: num, p90: num, p99: num, p999: num }),
  /** True when every element satisfies |a-b| <= atol OR |a-b| <= rtol*|b| (fails only if it exceeds both). */
  allclose: z.boolean(),
  /** Elements that failed both tolerances. */
  mismatchCount: z.number().int(),
  elementCount: z.number().int(),
  nanCount: z.object({ reference: z.number().int(), candidate: z.number().int() }),
  infCount: z.object({ reference: z.number().int(), candidate: z.number().int() }),
});
export type ErrorStats = z.infer<typeof ErrorStatsSchema>;

export const ClassificationMetricsSchema = z.object({
  /** Share of rows (1 for a plain classifier, one per position for a sequence) whose argmax agrees. */
  top1Agreement: num,
  /** |top5(ref) ∩ top5(cand)| / 5 (or / k when fewer classes), averaged over rows. */
  top5Overlap: num,
  meanProbDiff: num,
  maxProbDiff: num,
  klDivergence: num,
  jsDivergence: num,
  cosine: num,
  /** candidate's probability of its top-1 class minus the reference's probability of its top-1 class. */
  confidenceDelta: num,
  /** Whether softmax was applied because the output looked like logits. */
  appliedSoftmax: z.boolean(),
});
export type ClassificationMetrics = z.infer<typeof ClassificationMetricsSchema>;

export const DenseMetricsSchema = z.object({
  threshold: num,
  iou: num,
  dice: num,
  meanAbsDiff: num,
  maxAbsDiff: num,
  /** Peak signal-to-noise ratio in dB over the reference's value range; Infinity-free: null when identical. */
  psnr: optNum,
});
export type DenseMetrics = z.infer<typeof DenseMetricsSchema>;

/**
 * A CTC text recogniser's [N, T, C] output: the best class per position, and the text each model reads (greedy
 * decoding: repeats collapsed, blank = class 0 dropped). Sequences are the N rows of the batch.
 */
export const SequenceMetricsSchema = z.object({
  /** Positions compared (N·T). */
  positions: z.number().int(),
  /** Share of positions whose best class is the same in both models. */
  positionAgreement: num,
  /** Share of the sequences both models decode to the same symbols (1 or 0 for one sequence). */
  exactMatch: num,
  /** Edit distance from the reference's decoded symbols to the candidate's, summed over sequences. */
  editDistance: z.number().int(),
  /** Symbols the reference decoded, summed over sequences. */
  referenceLength: z.number().int(),
  /** editDistance ÷ referenceLength (an empty reference counts as one symbol). */
  characterErrorRate: num,
  /** The first sequence as text, with a charset (--charset); absent without one. */
  referenceText: z.string().optional(),
  candidateText: z.string().optional(),
});
export type SequenceMetrics = z.infer<typeof SequenceMetricsSchema>;

export const OutputKindSchema = z.enum(['detection', 'sequence', 'classification', 'dense', 'generic']);
export type OutputKind = z.infer<typeof OutputKindSchema>;

/** The metrics of one output on one image. */
export const OutputMetricsSchema = z.object({
  output: z.string(),
  kind: OutputKindSchema,
  /** Absent for a derived output (detections post-processed from other outputs, which have their own). */
  errors: ErrorStatsSchema.optional(),
  classification: ClassificationMetricsSchema.optional(),
  dense: DenseMetricsSchema.optional(),
  detection: DetectionMetricsSchema.optional(),
  sequence: SequenceMetricsSchema.optional(),
});
export type OutputMetrics = z.infer<typeof OutputMetricsSchema>;

export const TopKEntrySchema = z.object({ index: z.number().int(), label: z.string().optional(), prob: num });
export type TopKEntry = z.infer<typeof TopKEntrySchema>;

/**
 * The aggregated figures a gate can test (`--fail-under <key>=<value>`). Keys that do not apply to the
 * model's outputs are null. Sequence, classification and dense keys come from the first output of that kind,
 * detection figures from the first detection output, error keys from all outputs.
 */
export const SummaryMetricsSchema = z.object({
  images: z.number().int(),
  /** Detection figures (gate keys `detection.map50`, …); null without a --postprocess spec. Optional in older reports. */
  detection: DetectionSummarySchema.nullable().default(null),
  /** Sequence keys: means over images, except the character error rate (Σ edits ÷ Σ reference symbols). */
  positionAgreement: optNum,
  sequenceExactMatch: optNum,
  characterErrorRate: optNum,
  /** Classification keys: means over images of the per-image figures (maxProbDiff: the max over images). */
  top1Agreement: optNum,
  top5Overlap: optNum,
  meanProbDiff: optNum,
  maxProbDiff: optNum,
  klDivergence: optNum,
  jsDivergence: optNum,
  cosine: optNum,
  confidenceDelta: optNum,
  /** Dense keys: means over images. */
  iou: optNum,
  dice: optNum,
  /** Mean over images whose maps differ (identical maps have no finite PSNR); null if none differs. */
  psnr: optNum,
  /** Mean over images of each image's mean |Δ| over all elements of all outputs. */
  meanAbsDiff: num,
  maxAbsDiff: num,
  maxRelDiff: num,
  /** Quantiles of every finite |Δ| of every image and output, from a bounded histogram (within 0.8 %). */
  errorP50: num,
  errorP90: num,
  errorP99: num,
  errorP999: num,
  /** Share of images on which every output is allclose. */
  allcloseRate: num,
  /** NaN (resp. ±Inf) values, summed over both models, all images and outputs. */
  nanCount: z.number().int(),
  infCount: z.number().int(),
  /** Share of labelled images each model got right; null when no image has a label. */
  accuracy: z
    .object({ reference: num, candidate: num, delta: num })
    .nullable(),
});
export type SummaryMetrics = z.infer<typeof SummaryMetricsSchema>;

/**
 * Metric keys of SummaryMetrics a gate may name, and which direction is better (from their meaning in
 * metric-meaning.ts). `accuracy` is the candidate's accuracy and `accuracyDelta` its difference to the
 * reference's; `images` guards against a nearly empty test set.
 */
export const GATE_METRICS: Readonly<Record<SummaryMetricKey, Direction>> = Object.fromEntries(
  SUMMARY_METRIC_KEYS.map((key) => [key, METRICS[key].direction]),
) as Record<SummaryMetricKey, Direction>;
export type GateMetric = SummaryMetricKey;

/** The error statistics of an image's tensor outputs (a derived output, such as detections, has none). */
export function tensorErrors(outputs: readonly OutputMetrics[]): ErrorStats[] {
  return outputs.flatMap((o) => (o.errors ? [o.errors] : []));
}

/** An image's largest |Δ| over its tensor outputs (0 without one). */
export function imageMaxAbs(outputs: readonly OutputMetrics[]): number {
  return Math.max(0, ...tensorErrors(outputs).map((e) => e.maxAbs));
}

/** Whether every tensor output of an image is allclose. */
export function imageAllclose(outputs: readonly OutputMetrics[]): boolean {
  return tensorErrors(outputs).every((e) => e.allclose);
}
