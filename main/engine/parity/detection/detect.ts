/**
 * One model's detections on one image: decoded candidates above the score threshold, NMS, at most maxDetections,
 * mapped back to the original image. Coordinates are rounded to 1/100 pixel and scores to the float32 they came
 * from (shortest form), so the report's boxes reproduce its metrics exactly and stay small.
 */
import type { ResolvedPostprocess } from '../../../../shared/postprocess.js';
import type { Box, ImageFrame } from '../../../../shared/report/detection.js';
import type { OutputTensors } from '../kinds/output-kind.js';
import { decodeCandidates, type InputSize } from './decode.js';
import { toImage } from './frame.js';
import { nonMaxSuppression } from './nms.js';

/** One detection in the original image's pixels. */
export interface Detection {
  box: Box;
  score: number;
  class: number;
}

/** The image's detections, best score first. */
export function detect(spec: ResolvedPostprocess, outputs: OutputTensors, input: InputSize, frame: ImageFrame, firstOutput: string): Detection[] {
  const candidates = decodeCandidates(spec, outputs, input, firstOutput);
  const kept = nonMaxSuppression(candidates, spec.nms, spec.iouThreshold, spec.maxDetections);
  return kept.map((i) => ({ box: toImage(candidates.boxes[i]!, frame), score: float32Shortest(candidates.scores[i]!), class: candidates.classes[i]! }));
}

/** The shortest decimal that is the same float32 as `v` (scores are float32; their doubles print 17 digits). */
export function float32Shortest(v: number): number {
  const f = Math.fround(v);
  for (let digits = 6; digits < 10; digits++) {
    const short = Number(f.toPrecision(digits));
    if (Math.fround(short) === f) return short;
  }
  return f;
}
