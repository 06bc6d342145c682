/**
 * The post-processing spec of a detector (`--postprocess post.json`): how a model's raw outputs become boxes,
 * scores and classes, so that two detectors are compared as detections rather than as tensors.
 *
 * - `yolo`: one output `[1, N, 4+1+C]` (box, objectness, class scores: YOLOv5/YOLOX; `grid` when the boxes still
 *   need YOLOX's stride-grid decode) or `[1, 4+C, N]` (YOLOv8: no objectness, attributes first).
 * - `boxes-scores`: boxes `[1, N, 4+]` and scores `[1, N, C]` in separate outputs (SSD, UltraFace, RetinaNet),
 *   each one output or several concatenated along N (BlazeFace's two heads); `backgroundClass` names a score column
 *   that is background; `anchors` when boxes are offsets from generated anchors (BlazeFace-style).
 * - `detections`: the model already outputs final boxes, scores and classes (NMS inside the graph).
 *
 * Box coordinates are in the model input's pixels (or 0–1 of its size with `normalized`), and are mapped back through
 * the letterbox, crop or stretch of the preprocessing to the original image.
 */
import { z } from 'zod';

export const BOX_FORMATS = ['xyxy', 'cxcywh', 'xywh', 'yxyx'] as const;
export const BoxFormatSchema = z.enum(BOX_FORMATS);
export type BoxFormat = z.infer<typeof BoxFormatSchema>;

export const NMS_MODES = ['per-class', 'agnostic', 'none'] as const;
export const NmsModeSchema = z.enum(NMS_MODES);
export type NmsMode = z.infer<typeof NmsModeSchema>;

export const SCORE_ACTIVATIONS = ['none', 'sigmoid', 'softmax'] as const;
export const ScoreActivationSchema = z.enum(SCORE_ACTIVATIONS);
export type ScoreActivation = z.infer<typeof ScoreActivationSchema>;

export const POSTPROCESS_KINDS = ['yolo', 'boxes-scores', 'detections'] as const;
export type PostprocessKind = (typeof POSTPROCESS_KINDS)[number];

const outputName = z.string().min(1);
/** One output, or several whose rows are concatenated in this order (e.g. BlazeFace's 512 + 384 anchors). */
const outputNames = z.union([outputName, z.array(outputName).min(1).max(16)]);
const strides = z.array(z.number().int().min(1).max(1024)).min(1).max(8);

/**
 * MediaPipe-style fixed-size SSD anchors: for each stride a grid of ceil(H/stride) × ceil(W/stride) cells, `perCell`
 * anchors per cell centred at ((x + offset) / gridW, (y + offset) / gridH), width and height 1. A box row is
 * [dx, dy, w, h, …] in pixels of `scale` (default: the input size) relative to its anchor.
 */
export const AnchorSpecSchema = z
  .object({
    strides,
    perCell: z.array(z.number().int().min(1).max(64)).min(1).max(8),
    offset: z.number().min(0).max(1).default(0.5),
    scale: z.tuple([z.number().positive(), z.number().positive()]).optional(),
  })
  .strict()
  .refine((a) => a.strides.length === a.perCell.length, 'anchors.perCell needs one count per stride');
export type AnchorSpec = z.infer<typeof AnchorSpecSchema>;

/** Fields every kind shares; each has a default (see DEFAULT_THRESHOLDS and the kind's box format). */
const common = {
  boxFormat: BoxFormatSchema.optional(),
  /** Coordinates are 0–1 of the input's width and height instead of pixels. */
  normalized: z.boolean().optional(),
  /** Detections scoring at most this are dropped (as ONNX Runtime's NonMaxSuppression: kept when score > threshold). */
  scoreThreshold: z.number().min(0).max(1).optional(),
  /** NMS drops a box whose IoU with a kept box of the same class (any class when agnostic) exceeds this. */
  iouThreshold: z.number().min(0).max(1).optional(),
  nms: NmsModeSchema.optional(),
  maxDetections: z.number().int().min(1).max(10_000).optional(),
  /** Function applied to score values before thresholds: BlazeFace's logits need sigmoid. */
  scoreActivation: ScoreActivationSchema.optional(),
};

const yolo = z
  .object({
    kind: z.literal('yolo'),
    /** The output holding the head (default: the model's only output, or the first). */
    output: outputName.optional(),
    /** `anchors-first` [1, N, K] (YOLOv5, YOLOX) or `attributes-first` [1, K, N] (YOLOv8); default from the shape. */
    layout: z.enum(['anchors-first', 'attributes-first']).optional(),
    /** Whether column 4 is objectness multiplied into the class scores (default: true anchors-first, false attributes-first). */
    objectness: z.boolean().optional(),
    /** YOLOX exports: boxes are grid-relative (x + col, y + row)·stride, exp(w)·stride; true = strides [8, 16, 32]. */
    grid: z.union([z.boolean(), z.object({ strides }).strict()]).optional(),
    ...common,
  })
  .strict();

const boxesScores = z
  .object({
    kind: z.literal('boxes-scores'),
    outputs: z.object({ boxes: outputNames, scores: outputNames }).strict(),
    /** A score column that is background, not a class (SSD, UltraFace: 0); class indices then skip it. */
    backgroundClass: z.number().int().min(0).optional(),
    anchors: AnchorSpecSchema.optional(),
    ...common,
  })
  .strict();

const detections = z
  .object({
    kind: z.literal('detections'),
    /**
     * Either one output of rows [box (4), score, class] (`[1, N, 6]`, `[N, 6]`), or `outputs` with boxes `[1, N, 4]`,
     * scores `[1, N]`, optionally classes `[1, N]` and a detection count.
     */
    output: outputName.optional(),
    outputs: z.object({ boxes: outputName, scores: outputName, classes: outputName.optional(), count: outputName.optional() }).strict().optional(),
    ...common,
  })
  .strict();

const oneSource = (d: { output?: string | undefined; outputs?: unknown }): boolean => (d.output === undefined) !== (d.outputs === undefined);
const ONE_SOURCE = 'a "detections" spec names either "output" or "outputs"';

/** The spec as a user writes it in a file: `classes` may be a file of names (one a line) next to the spec. */
export const PostprocessFileSchema = z.discriminatedUnion('kind', [
  yolo.extend({ classes: z.union([z.string(), z.array(z.string())]).optional() }),
  boxesScores.extend({ classes: z.union([z.string(), z.array(z.string())]).optional() }),
  detections.extend({ classes: z.union([z.string(), z.array(z.string())]).optional() }).refine(oneSource, ONE_SOURCE),
]);
export type PostprocessFile = z.infer<typeof PostprocessFileSchema>;

const classNames = z.array(z.string()).max(100_000).optional();

/** The spec as a job receives it: class names inline. Fields left out take the defaults of `resolvePostprocess`. */
export const PostprocessSpecSchema = z.discriminatedUnion('kind', [
  yolo.extend({ classes: classNames }),
  boxesScores.extend({ classes: classNames }),
  detections.extend({ classes: classNames }).refine(oneSource, ONE_SOURCE),
]);
export type PostprocessSpec = z.infer<typeof PostprocessSpecSchema>;
export type PostprocessSpecInput = z.input<typeof PostprocessSpecSchema>;

/** Defaults of the fields every kind shares (Ultralytics' and YOLOX's demo values; COCO evaluates 100 per image). */
export const DEFAULT_THRESHOLDS = { scoreThreshold: 0.25, iouThreshold: 0.45, maxDetections: 100 } as const;

/** The spec with every shared field filled in: what reports store and the decoder reads. */
export type ResolvedPostprocess = PostprocessSpec &
  Required<Pick<PostprocessSpec, 'boxFormat' | 'normalized' | 'scoreThreshold' | 'iouThreshold' | 'nms' | 'maxDetections' | 'scoreActivation'>>;

/** Fills the shared fields' defaults: boxes cxcywh for YOLO, xyxy otherwise; NMS per class, none for final detections. */
export function resolvePostprocess(spec: PostprocessSpec): ResolvedPostprocess {
  return {
    ...spec,
    boxFormat: spec.boxFormat ?? (spec.kind === 'yolo' || (spec.kind === 'boxes-scores' && spec.anchors) ? 'cxcywh' : 'xyxy'),
    normalized: spec.normalized ?? false,
    scoreThreshold: spec.scoreThreshold ?? DEFAULT_THRESHOLDS.scoreThreshold,
    iouThreshold: spec.iouThreshold ?? DEFAULT_THRESHOLDS.iouThreshold,
    nms: spec.nms ?? (spec.kind === 'detections' ? 'none' : 'per-class'),
    maxDetections: spec.maxDetections ?? DEFAULT_THRESHOLDS.maxDetections,
    scoreActivation: spec.scoreActivation ?? 'none',
  };
}

/** The model outputs a spec reads, in the order it reads them. */
export function postprocessSources(spec: PostprocessSpec, outputNamesOfModel: readonly string[]): string[] {
  const list = (v: string | string[]): string[] => (typeof v === 'string' ? [v] : v);
  switch (spec.kind) {
    case 'yolo':
      return [spec.output ?? outputNamesOfModel[0] ?? ''];
    case 'boxes-scores':
      return [...list(spec.outputs.boxes), ...list(spec.outputs.scores)];
    case 'detections':
      if (spec.output !== undefined) return [spec.output];
      return [spec.outputs!.boxes, spec.outputs!.scores, ...(spec.outputs!.classes ? [spec.outputs!.classes] : []), ...(spec.outputs!.count ? [spec.outputs!.count] : [])];
  }
}
