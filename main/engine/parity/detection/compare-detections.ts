/** One image's detections of both models compared, the reference's boxes taken as pseudo ground truth. */
import type { DetectionMetrics, ImageFrame, TruthBox, TruthSource } from '../../../../shared/report/detection.js';
import { ApAccumulator } from './coco-ap.js';
import type { Detection } from './detect.js';
import { greedyMatch, invertMatch } from './match.js';

export interface ImageTruth {
  source: TruthSource;
  boxes: TruthBox[];
}

/** Per-image detection metrics (see DetectionMetricsSchema); both lists best score first. */
export function compareDetections(reference: readonly Detection[], candidate: readonly Detection[], frame: ImageFrame, truth: ImageTruth | null): DetectionMetrics {
  const sameClass = greedyMatch(candidate, reference, true);
  const anyClass = greedyMatch(candidate, reference, false);
  let iouSum = 0;
  let agreeing = 0;
  anyClass.match.forEach((r, c) => {
    if (r === null) return;
    iouSum += anyClass.iou[c]!;
    if (reference[r]!.class === candidate[c]!.class) agreeing++;
  });
  const ap = new ApAccumulator();
  ap.addImage(candidate, reference);
  const refMatch = invertMatch(anyClass.match, reference.length);
  const metrics: DetectionMetrics = {
    referenceCount: reference.length,
    candidateCount: candidate.length,
    truePositives: sameClass.count,
    matched: anyClass.count,
    precision: candidate.length === 0 ? null : sameClass.count / candidate.length,
    recall: reference.length === 0 ? null : sameClass.count / reference.length,
    matchedIou: anyClass.count === 0 ? null : iouSum / anyClass.count,
    classAgreement: anyClass.count === 0 ? null : agreeing / anyClass.count,
    countDelta: candidate.length - reference.length,
    map50: ap.map50(),
    frame,
    reference: reference.map((d, i) => ({ box: d.box, score: d.score, class: d.class, match: refMatch[i]! })),
    candidate: candidate.map((d, i) => ({ box: d.box, score: d.score, class: d.class, match: anyClass.match[i]! })),
  };
  if (truth) {
    metrics.truth = truth.boxes;
    metrics.truthSource = truth.source;
  }
  return metrics;
}
