/**
 * A post-processing spec proposed from a model's output shapes alone, when they can be read only one way. It is a
 * guess (the shapes cannot tell thresholds, score activations or class names) and is always shown as one.
 */
import type { PostprocessSpecInput } from './postprocess.js';

/** The shapes the proposal reads: dims as numbers, a name when symbolic, null when unknown. */
export interface ShapeOf {
  name: string;
  shape: ReadonlyArray<number | string | null> | null;
}

export interface ProposedPostprocess {
  spec: PostprocessSpecInput;
  /** What the shapes were taken to mean, in a sentence. */
  reading: string;
}

const YOLO_STRIDES = [8, 16, 32];

/** Anchors of a one-anchor-per-cell head at strides 8, 16, 32 (YOLOX, YOLOv8) for a width × height input. */
function cellsAt(width: number, height: number): number {
  return YOLO_STRIDES.reduce((sum, s) => sum + Math.ceil(width / s) * Math.ceil(height / s), 0);
}

/** The input's spatial size (NCHW or NHWC), when both are fixed. */
function inputSize(input: ShapeOf | undefined): { width: number; height: number } | null {
  const s = input?.shape;
  if (!s || s.length !== 4) return null;
  const nhwc = s[3] === 1 || s[3] === 3;
  const [h, w] = nhwc ? [s[1], s[2]] : [s[2], s[3]];
  return typeof h === 'number' && typeof w === 'number' ? { width: w, height: h } : null;
}

/**
 * The spec a detector's outputs suggest, or null when they do not look like a detector or could be read several ways:
 * - one output [1, N, 5+C], N one or three anchors per cell at strides 8/16/32 of the input: YOLOv5/YOLOX rows (box,
 *   objectness, classes); `grid` for one per cell (YOLOX exports boxes before the grid decode);
 * - one output [1, 4+C, N], N as above (or symbolic with a dynamic-size input): YOLOv8 (attributes first);
 * - two outputs [1, N, 4] and [1, N, C]: boxes and scores (SSD, UltraFace), column 0 background when C = 2.
 */
export function proposePostprocess(inputs: readonly ShapeOf[], outputs: readonly ShapeOf[]): ProposedPostprocess | null {
  if (outputs.length === 1) return proposeYolo(outputs[0]!, inputSize(inputs[0]));
  if (outputs.length === 2) return proposeBoxesScores(outputs[0]!, outputs[1]!);
  return null;
}

function proposeYolo(output: ShapeOf, input: { width: number; height: number } | null): ProposedPostprocess | null {
  const s = output.shape;
  if (!s || s.length !== 3 || (typeof s[0] === 'number' && s[0] !== 1)) return null;
  const [, a, b] = s;
  // The anchor count must be what a YOLO head at strides 8/16/32 has for this input (one per cell, or three as
  // YOLOv5); a symbolic one is believed only when the input size is symbolic too (dynamic-size YOLOv8 exports).
  const cells = input ? cellsAt(input.width, input.height) : null;
  const isAnchorCount = (n: number | string | null | undefined, allowSymbolic: boolean): boolean =>
    typeof n !== 'number' ? allowSymbolic && cells === null : cells === null ? false : n === cells || n === 3 * cells;
  if (typeof a === 'number' && typeof b === 'number' && b >= 6 && a > b && isAnchorCount(a, false)) {
    const grid = a === cells;
    return {
      spec: { kind: 'yolo', output: output.name, layout: 'anchors-first', ...(grid ? { grid: true } : {}) },
      reading: `${output.name} as ${a} anchor rows of box, objectness and ${b - 5} class scores (YOLOv5/YOLOX)${grid ? '; one anchor per cell at strides 8/16/32, so boxes still need the grid decode (YOLOX)' : ''}`,
    };
  }
  if (typeof a === 'number' && a >= 5 && (typeof b !== 'number' || b > a) && isAnchorCount(b, true)) {
    return {
      spec: { kind: 'yolo', output: output.name, layout: 'attributes-first' },
      reading: `${output.name} as box and ${a - 4} class scores for each of ${typeof b === 'number' ? b : 'N'} anchors (YOLOv8, no objectness)`,
    };
  }
  return null;
}

function proposeBoxesScores(first: ShapeOf, second: ShapeOf): ProposedPostprocess | null {
  const rows = (o: ShapeOf): { n: number | string | null; k: number } | null => {
    const s = o.shape;
    if (!s || s.length !== 3 || (typeof s[0] === 'number' && s[0] !== 1) || typeof s[2] !== 'number') return null;
    return { n: s[1] ?? null, k: s[2] };
  };
  const a = rows(first);
  const b = rows(second);
  if (!a || !b || a.n !== b.n) return null;
  const [boxes, scores] = a.k === 4 && b.k !== 4 ? [first, second] : b.k === 4 && a.k !== 4 ? [second, first] : [null, null];
  if (!boxes || !scores) return null;
  const classes = (boxes === first ? b : a).k;
  const background = classes === 2;
  return {
    spec: { kind: 'boxes-scores', outputs: { boxes: boxes.name, scores: scores.name }, ...(background ? { backgroundClass: 0 } : {}) },
    reading: `${boxes.name} as boxes and ${scores.name} as ${classes} scores per box${background ? ' (column 0 taken as background, as SSD and UltraFace have it)' : ''}; box format and whether they are normalised cannot be read from shapes`,
  };
}
