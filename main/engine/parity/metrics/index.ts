/** Parity metrics: per-output comparison of a candidate model's outputs with the reference's, and their summary. */
export type { FloatArray } from './float-array.js';
export {
  classScores,
  sequenceScores,
  isDenseMap,
  classificationLayout,
  looksLikeProbabilities,
  PROBABILITY_SUM_TOLERANCE,
  type ClassificationLayout,
} from './output-kind.js';
export {
  classificationMetrics,
  PROBABILITY_FLOOR,
  type ClassificationOptions,
  type ClassificationResult,
} from './classification.js';
export { denseMetrics, type DenseOptions } from './dense.js';
export { sequenceMetrics } from './sequence.js';
export { ctcCollapse, editDistance, positionClasses, CTC_BLANK, NO_CLASS } from './ctc.js';
export { errorStats, ZERO_REFERENCE_EPSILON, type ErrorStatsOptions } from './error-stats.js';
export { quantilesInPlace, bucketedQuantilesInPlace } from './quantiles.js';
export { AbsDiffHistogram, bucketCounts } from './abs-diff-histogram.js';
export { RunningMean } from './running-mean.js';
export { softmaxRow } from './probability-row.js';
export { releaseMetricScratch } from './scratch.js';
