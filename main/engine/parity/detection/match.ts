/**
 * Matching one image's candidate detections to the reference's (pseudo ground truth) at IoU ≥ 0.5: greedily in the
 * candidate's score order, each box taking the unmatched reference box it overlaps most — of the same class for
 * precision and recall (as COCO counts a true positive), of any class for matched IoU and class agreement.
 */
import type { Box } from '../../../../shared/report/detection.js';
import { iou } from './boxes.js';

/** A box with its class, in score order when matched. */
export interface ClassedBox {
  box: Box;
  class: number;
}

export const MATCH_IOU = 0.5;

/** For each candidate box, the index of the reference box it matched (null: none), and the pair's IoU. */
export interface Matching {
  match: Array<number | null>;
  iou: number[];
  count: number;
}

/** Greedy matching of `candidates` (best score first) to `references`; ties go to the earlier reference box. */
export function greedyMatch(candidates: readonly ClassedBox[], references: readonly ClassedBox[], sameClass: boolean): Matching {
  const taken = new Uint8Array(references.length);
  const match: Array<number | null> = [];
  const ious: number[] = [];
  let count = 0;
  for (const c of candidates) {
    let best = -1;
    let bestIou = MATCH_IOU;
    for (let r = 0; r < references.length; r++) {
      if (taken[r] || (sameClass && references[r]!.class !== c.class)) continue;
      const v = iou(c.box, references[r]!.box);
      if (v > bestIou || (best === -1 && v === bestIou)) {
        best = r;
        bestIou = v;
      }
    }
    if (best >= 0) {
      taken[best] = 1;
      count++;
    }
    match.push(best >= 0 ? best : null);
    ious.push(best >= 0 ? bestIou : 0);
  }
  return { match, iou: ious, count };
}

/** The inverse of a matching: for each reference box, the candidate box that matched it, or null. */
export function invertMatch(match: ReadonlyArray<number | null>, referenceCount: number): Array<number | null> {
  const out: Array<number | null> = new Array<number | null>(referenceCount).fill(null);
  match.forEach((r, c) => {
    if (r !== null) out[r] = c;
  });
  return out;
}
