/**
 * Greedy non-maximum suppression, as ONNX Runtime's NonMaxSuppression selects boxes: candidates in descending score
 * order (ties: lower index first), a box is dropped when its IoU with an already kept box of the same class (any
 * class when agnostic) is above the threshold. Unlike the operator's per-class limit, `maxDetections` bounds the
 * image's total: the kept boxes are the best `maxDetections` of what per-class NMS would keep.
 */
import type { NmsMode } from '../../../../shared/postprocess.js';
import type { Box } from '../../../../shared/report/detection.js';
import { iou } from './boxes.js';

/** Boxes above the score threshold, before NMS. */
export interface Candidates {
  boxes: Box[];
  scores: number[];
  classes: number[];
}

/** Indices into `candidates` of the boxes kept, best score first. */
export function nonMaxSuppression(candidates: Candidates, mode: NmsMode, iouThreshold: number, maxDetections: number): number[] {
  const { boxes, scores, classes } = candidates;
  const order = scoreOrder(scores);
  const kept: number[] = [];
  for (const i of order) {
    if (kept.length >= maxDetections) break;
    let suppressed = false;
    if (mode !== 'none') {
      for (const k of kept) {
        if (mode === 'per-class' && classes[k] !== classes[i]) continue;
        if (iou(boxes[k]!, boxes[i]!) > iouThreshold) {
          suppressed = true;
          break;
        }
      }
    }
    if (!suppressed) kept.push(i);
  }
  return kept;
}

/** Indices sorted by descending score, ties in index order. */
export function scoreOrder(scores: readonly number[]): number[] {
  const order = scores.map((_, i) => i);
  order.sort((a, b) => scores[b]! - scores[a]! || a - b);
  return order;
}
