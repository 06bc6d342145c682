/** One number per image to rank images from most to least disagreeing. */
import type { OutputMetrics } from '../../../../shared/report/metrics.js';

/**
 * 1 − cosine of the first classification output; else 1 − IoU of the first dense output; else the first
 * output's max |Δ|; 0 when there is no output. Higher means the models disagree more.
 */
export function disagreementScore(outputs: readonly OutputMetrics[]): number {
  const classifier = outputs.find((o) => o.classification !== undefined)?.classification;
  if (classifier) return Math.max(0, 1 - classifier.cosine);
  const dense = outputs.find((o) => o.dense !== undefined)?.dense;
  if (dense) return Math.max(0, 1 - dense.iou);
  return outputs[0]?.errors.maxAbs ?? 0;
}
