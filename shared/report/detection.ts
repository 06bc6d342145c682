/**
 * Detection metrics as reports hold them: each image's boxes from both models (in the original image's pixels) with
 * how they matched, and the run's figures with the reference's detections as pseudo ground truth.
 */
import { z } from 'zod';

const num = z.number();
const optNum = z.number().nullable();
const count = z.number().int().min(0);

/** [x1, y1, x2, y2] in pixels of the original image (before letterbox, crop or stretch). */
export const BoxSchema = z.tuple([num, num, num, num]);
export type Box = z.infer<typeof BoxSchema>;

/** One detection of one model. */
export const DetectedBoxSchema = z.object({
  box: BoxSchema,
  score: num,
  class: z.number().int(),
  /** Index of the other model's box it matched (IoU ≥ 0.5, any class), or null when unmatched. */
  match: z.number().int().nullable(),
});
export type DetectedBox = z.infer<typeof DetectedBoxSchema>;

/** A ground-truth box of the image (from --boxes), class as the model's class index. */
export const TruthBoxSchema = z.object({ box: BoxSchema, class: z.number().int() });
export type TruthBox = z.infer<typeof TruthBoxSchema>;

/**
 * Where the image sat in the model's input: input pixel = original pixel × scale + offset (per axis). Views use it
 * to draw boxes on the image as the model saw it.
 */
export const ImageFrameSchema = z.object({
  width: z.number().int().min(1),
  height: z.number().int().min(1),
  scale: z.tuple([num, num]),
  offset: z.tuple([num, num]),
});
export type ImageFrame = z.infer<typeof ImageFrameSchema>;

/** Where an image's truth came from: --boxes, or (under a perturbation without them) the reference on the clean image. */
export const TruthSourceSchema = z.enum(['boxes', 'clean reference']);
export type TruthSource = z.infer<typeof TruthSourceSchema>;

/** One image's detections compared, the reference's boxes taken as pseudo ground truth. */
export const DetectionMetricsSchema = z.object({
  referenceCount: count,
  candidateCount: count,
  /** Candidate boxes with a reference box of the same class at IoU ≥ 0.5 (greedy by score, as COCO matches). */
  truePositives: count,
  /** Pairs matched at IoU ≥ 0.5 whatever their classes (the `match` of each box). */
  matched: count,
  /** truePositives / candidateCount; null when the candidate found nothing. */
  precision: optNum,
  /** truePositives / referenceCount; null when the reference found nothing. */
  recall: optNum,
  /** Mean IoU of the matched pairs; null without a pair. */
  matchedIou: optNum,
  /** Share of matched pairs with the same class; null without a pair. */
  classAgreement: optNum,
  /** candidateCount − referenceCount. */
  countDelta: z.number().int(),
  /** COCO AP at IoU 0.5 of the candidate against the reference's boxes on this image; null when the reference found nothing. */
  map50: optNum,
  frame: ImageFrameSchema,
  reference: z.array(DetectedBoxSchema),
  candidate: z.array(DetectedBoxSchema),
  /** The image's truth: its --boxes, or under a perturbation without them the reference's boxes on the clean image. */
  truth: z.array(TruthBoxSchema).optional(),
  truthSource: TruthSourceSchema.optional(),
});
export type DetectionMetrics = z.infer<typeof DetectionMetricsSchema>;

/** Each model's COCO mAP against a truth. */
export const DetectionAccuracySchema = z.object({
  truth: TruthSourceSchema,
  reference: z.object({ map50: optNum, map50_95: optNum }),
  candidate: z.object({ map50: optNum, map50_95: optNum }),
});
export type DetectionAccuracy = z.infer<typeof DetectionAccuracySchema>;

/**
 * The run's detection figures (`summary.clean.detection`, `perturbations[].metrics.detection`): mAP, precision and
 * recall pooled over every image (not means of per-image figures), the candidate judged against the reference.
 */
export const DetectionSummarySchema = z.object({
  /** COCO mAP at IoU 0.5 (101-point interpolation, mean over classes the reference found). */
  map50: optNum,
  /** COCO mAP averaged over IoU 0.50:0.05:0.95. */
  map50_95: optNum,
  precision: optNum,
  recall: optNum,
  matchedIou: optNum,
  classAgreement: optNum,
  /** Mean over images of |candidate's box count − reference's|. */
  countDelta: optNum,
  referenceBoxes: count,
  candidateBoxes: count,
  truePositives: count,
  matched: count,
  /** Each model's own mAP against ground truth (--boxes), or under a perturbation against the reference's clean boxes. */
  accuracy: DetectionAccuracySchema.nullable(),
});
export type DetectionSummary = z.infer<typeof DetectionSummarySchema>;

/** The figures of DetectionSummary a gate may name as `detection.<figure>`. */
export const DETECTION_FIGURES = ['map50', 'map50_95', 'precision', 'recall', 'matchedIou', 'classAgreement', 'countDelta'] as const;
export type DetectionFigure = (typeof DETECTION_FIGURES)[number];
