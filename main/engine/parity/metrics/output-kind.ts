/**
 * What an output's values look like: class scores (per row or per sequence position), a spatial map, and whether
 * class scores are logits that need a softmax first. The kinds in ../kinds/ decide with these.
 */
import type { TensorSignature } from '../../../../shared/model-info.js';
import type { FloatArray } from './float-array.js';

/** How a classification output splits into rows of class scores. */
export interface ClassificationLayout {
  rows: number;
  classes: number;
}

/** Tolerance on a row's sum for it to count as a probability distribution. */
export const PROBABILITY_SUM_TOLERANCE = 1e-3;

/**
 * On rank-3 outputs, trailing dims this small are coordinate tuples (boxes [N,K,4], keypoints [N,K,3]),
 * not the height and width of a map.
 */
const MIN_MAP_SIDE_RANK3 = 8;

/**
 * Rows and classes of a classification output: classes is the last dim > 1 after a leading batch dim (so
 * [N,C], [N,1,1,C] and [N,C,1,1] all have C classes per row, stored contiguously), rows the remaining count
 * (N, or N·T for a sequence [N,T,C]).
 */
export function classificationLayout(dims: readonly number[]): ClassificationLayout {
  const total = dims.reduce((a, b) => a * b, 1);
  const first = dims.length >= 2 ? 1 : 0;
  let classes = 1;
  for (let i = dims.length - 1; i >= first; i--) {
    if (dims[i]! > 1) {
      classes = dims[i]!;
      break;
    }
  }
  return { rows: classes === 0 ? 0 : total / classes, classes };
}

/** True when every value is in [0,1] and every row of `classes` values sums to 1 ± PROBABILITY_SUM_TOLERANCE. */
export function looksLikeProbabilities(values: FloatArray, classes: number): boolean {
  if (classes < 1 || values.length === 0 || values.length % classes !== 0) return false;
  for (let start = 0; start < values.length; start += classes) {
    let sum = 0;
    for (let i = start; i < start + classes; i++) {
      const v = values[i]!;
      // Written so NaN fails too.
      if (!(v >= 0 && v <= 1)) return false;
      sum += v;
    }
    if (Math.abs(sum - 1) > PROBABILITY_SUM_TOLERANCE) return false;
  }
  return true;
}

function isFloatType(dtype: string): boolean {
  return /float|double|bfloat/i.test(dtype);
}

/**
 * Classes and logits-vs-probabilities when a float output holds one row of class scores per batch item: the last
 * dim > 1 holds ≥ 2 classes and every other dim after a leading batch is 1. Null otherwise.
 */
export function classScores(
  signature: TensorSignature,
  dims: readonly number[],
  referenceValues: FloatArray,
): { classes: number; logits: boolean } | null {
  if (!isFloatType(signature.dtype) || dims.length === 0) return null;
  const { classes } = classificationLayout(dims);
  if (classes < 2) return null;
  const nonUnit = dims.slice(dims.length >= 2 ? 1 : 0).filter((d) => d > 1).length;
  return nonUnit === 1 ? classification(classes, referenceValues) : null;
}

/**
 * The class count when a float output is a sequence of class scores [N, T, C] (T > 1, C > 1), as a CTC recogniser
 * gives: its rows are probability distributions, or its signature fixes C but not T. Null otherwise (a detector's
 * fixed [1, anchors, 4 + classes] is neither).
 */
export function sequenceScores(signature: TensorSignature, dims: readonly number[], referenceValues: FloatArray): { classes: number } | null {
  if (!isFloatType(signature.dtype) || dims.length !== 3 || !(dims[1]! > 1 && dims[2]! > 1)) return null;
  const classes = dims[2]!;
  const shape = signature.shape;
  const fixedClassesDynamicLength = shape !== null && shape.length === 3 && typeof shape[2] === 'number' && typeof shape[1] !== 'number';
  return looksLikeProbabilities(referenceValues, classes) || fixedClassesDynamicLength ? { classes } : null;
}

/** Whether a float output is a spatial map: rank ≥ 3 with both trailing (NCHW spatial) dims > 1 (≥ 8 each on rank 3). */
export function isDenseMap(signature: TensorSignature, dims: readonly number[]): boolean {
  const rank = dims.length;
  if (!isFloatType(signature.dtype) || rank < 3) return false;
  const minSide = rank === 3 ? MIN_MAP_SIDE_RANK3 : 2;
  return dims[rank - 2]! >= minSide && dims[rank - 1]! >= minSide;
}

function classification(classes: number, referenceValues: FloatArray): { classes: number; logits: boolean } {
  return { classes, logits: !looksLikeProbabilities(referenceValues, classes) };
}
