/** All metrics of one output on one image, as the compare pipeline records them. */
import type { OutputMetrics, TopKEntry } from '../../../../shared/report/metrics.js';
import type { OutputDescription } from '../../../../shared/report/report.js';
import type { AbsDiffHistogram } from './abs-diff-histogram.js';
import { classificationMetrics } from './classification.js';
import { denseMetrics } from './dense.js';
import { errorStats } from './error-stats.js';
import type { FloatArray } from './float-array.js';

export interface OutputMetricsOptions {
  /** Mask threshold for dense outputs. */
  threshold: number;
  /** Length of the top-k lists of a classification output. */
  topK: number;
  /** Run-wide |Δ| histogram of this output: SummaryAccumulator.diffHistogram(description.name). */
  histogram?: AbsDiffHistogram;
}

export interface OutputComparison {
  metrics: OutputMetrics;
  /** Top-k of the first row for classification outputs, null otherwise. */
  topK: { reference: TopKEntry[]; candidate: TopKEntry[] } | null;
}

/**
 * Error statistics with the output's tolerance, plus classification or dense metrics by its kind (as fixed in
 * `description` from the first image: kind, and logits for classification outputs).
 */
export function compareOutput(
  reference: FloatArray,
  candidate: FloatArray,
  dims: readonly number[],
  description: OutputDescription,
  options: OutputMetricsOptions,
): OutputComparison {
  const errors = errorStats(reference, candidate, { ...description.tolerance, histogram: options.histogram });
  const metrics: OutputMetrics = { output: description.name, kind: description.kind, errors };
  let topK: OutputComparison['topK'] = null;
  if (description.kind === 'classification') {
    const result = classificationMetrics(reference, candidate, dims, {
      logits: description.logits ?? false,
      topK: options.topK,
    });
    metrics.classification = result.metrics;
    topK = result.topK;
  } else if (description.kind === 'dense') {
    metrics.dense = denseMetrics(reference, candidate, dims, { threshold: options.threshold });
  }
  return { metrics, topK };
}
