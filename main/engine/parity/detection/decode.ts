/**
 * A detector's raw outputs → candidate boxes (in the model input's pixels) with a score and a class, above the
 * spec's score threshold: YOLO heads (with objectness or without, anchors-first or attributes-first, YOLOX's grid),
 * separate boxes and scores (with a background column, with MediaPipe anchors), and final detections.
 */
import { ParityError } from '../../../../shared/errors.js';
import type { ResolvedPostprocess, ScoreActivation } from '../../../../shared/postprocess.js';
import type { OutputTensors } from '../kinds/output-kind.js';
import { anchorCentres, gridCells } from './anchors.js';
import { cornersOf } from './boxes.js';
import { rowsOf, scalarOf, SPEC_HINT, stackedRows, type RowTable } from './model-rows.js';
import type { Candidates } from './nms.js';

/** The tensor's width and height in pixels (the preprocessing spec's). */
export interface InputSize {
  width: number;
  height: number;
}

type Spec<K extends ResolvedPostprocess['kind']> = Extract<ResolvedPostprocess, { kind: K }>;

const YOLOX_STRIDES = [8, 16, 32];

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

function activate(activation: ScoreActivation): (v: number) => number {
  return activation === 'sigmoid' ? sigmoid : (v) => v;
}

/** Candidates of one image of one model. */
export function decodeCandidates(spec: ResolvedPostprocess, outputs: OutputTensors, input: InputSize, firstOutput: string): Candidates {
  switch (spec.kind) {
    case 'yolo':
      return decodeYolo(spec, rowsOf(outputs, spec.output ?? firstOutput), input);
    case 'boxes-scores':
      return decodeBoxesScores(spec, outputs, input);
    case 'detections':
      return decodeDetections(spec, outputs, input);
  }
}

function pixels(spec: ResolvedPostprocess, input: InputSize, box: [number, number, number, number]): [number, number, number, number] {
  if (!spec.normalized) return box;
  return [box[0] * input.width, box[1] * input.height, box[2] * input.width, box[3] * input.height];
}

function decodeYolo(spec: Spec<'yolo'>, table: RowTable, input: InputSize): Candidates {
  const layout = spec.layout ?? (table.rows < table.cols ? 'attributes-first' : 'anchors-first');
  const [n, k] = layout === 'anchors-first' ? [table.rows, table.cols] : [table.cols, table.rows];
  const objectness = spec.objectness ?? layout === 'anchors-first';
  const first = objectness ? 5 : 4;
  if (k <= first) {
    throw new ParityError('BAD_OPTION', `A YOLO head needs more than ${first} values per anchor (box${objectness ? ', objectness' : ''}, classes); this one has ${k}.`, SPEC_HINT);
  }
  if (spec.scoreActivation === 'softmax') throw new ParityError('BAD_OPTION', 'A YOLO head scores each class on its own: scoreActivation "softmax" does not apply.', SPEC_HINT);
  const data = table.data;
  const at = layout === 'anchors-first' ? (i: number, j: number) => data[i * k + j]! : (i: number, j: number) => data[j * n + i]!;
  // Best class per anchor, read in memory order (class-major for attributes-first heads).
  const best = new Float64Array(n).fill(-Infinity);
  const bestClass = new Int32Array(n);
  if (layout === 'anchors-first') {
    for (let i = 0; i < n; i++) {
      const row = i * k;
      for (let j = first; j < k; j++) {
        const v = data[row + j]!;
        if (v > best[i]!) {
          best[i] = v;
          bestClass[i] = j - first;
        }
      }
    }
  } else {
    for (let j = first; j < k; j++) {
      const base = j * n;
      for (let i = 0; i < n; i++) {
        const v = data[base + i]!;
        if (v > best[i]!) {
          best[i] = v;
          bestClass[i] = j - first;
        }
      }
    }
  }
  const act = activate(spec.scoreActivation);
  const grid = spec.grid ? gridCells(spec.grid === true ? YOLOX_STRIDES : spec.grid.strides, input.width, input.height) : null;
  if (grid && grid.length / 3 !== n) {
    const strides = spec.grid === true ? YOLOX_STRIDES : (spec.grid as { strides: number[] }).strides;
    throw new ParityError(
      'BAD_OPTION',
      `"grid" with strides [${strides.join(', ')}] at ${input.width}×${input.height} gives ${grid.length / 3} anchors, but the head has ${n}.`,
      'Give the strides of the model in "grid": {"strides": […]}, or leave "grid" out when the boxes are already decoded.',
    );
  }
  const out: Candidates = { boxes: [], scores: [], classes: [] };
  for (let i = 0; i < n; i++) {
    const score = objectness ? act(at(i, 4)) * act(best[i]!) : act(best[i]!);
    if (!(score > spec.scoreThreshold)) continue;
    let a = at(i, 0);
    let b = at(i, 1);
    let c = at(i, 2);
    let d = at(i, 3);
    if (grid) {
      const s = grid[i * 3 + 2]!;
      a = (a + grid[i * 3]!) * s;
      b = (b + grid[i * 3 + 1]!) * s;
      c = Math.exp(c) * s;
      d = Math.exp(d) * s;
    }
    out.boxes.push(pixels(spec, input, cornersOf(grid ? 'cxcywh' : spec.boxFormat, a, b, c, d)));
    out.scores.push(score);
    out.classes.push(bestClass[i]!);
  }
  return out;
}

function decodeBoxesScores(spec: Spec<'boxes-scores'>, outputs: OutputTensors, input: InputSize): Candidates {
  const list = (v: string | string[]): string[] => (typeof v === 'string' ? [v] : v);
  const boxes = stackedRows(outputs, list(spec.outputs.boxes));
  const scores = stackedRows(outputs, list(spec.outputs.scores));
  if (boxes.rows !== scores.rows) {
    throw new ParityError('BAD_OPTION', `The boxes have ${boxes.rows} rows but the scores ${scores.rows}.`, SPEC_HINT);
  }
  if (boxes.cols < 4) throw new ParityError('BAD_OPTION', `Boxes need at least 4 values per row; these have ${boxes.cols}.`, SPEC_HINT);
  const bg = spec.backgroundClass;
  if (bg !== undefined && bg >= scores.cols) {
    throw new ParityError('BAD_OPTION', `backgroundClass ${bg} is not one of the ${scores.cols} score columns.`, SPEC_HINT);
  }
  if (bg !== undefined && scores.cols < 2) throw new ParityError('BAD_OPTION', 'A background column needs at least one class column beside it.', SPEC_HINT);
  const anchors = spec.anchors ? anchorCentres(spec.anchors, input.width, input.height) : null;
  if (anchors && anchors.length / 2 !== boxes.rows) {
    throw new ParityError(
      'BAD_OPTION',
      `The anchors (strides [${spec.anchors!.strides.join(', ')}], [${spec.anchors!.perCell.join(', ')}] per cell) at ${input.width}×${input.height} number ${anchors.length / 2}, but the boxes have ${boxes.rows} rows.`,
      SPEC_HINT,
    );
  }
  const [scaleX, scaleY] = spec.anchors?.scale ?? [input.width, input.height];
  const { data: s, cols: c } = scores;
  const b = boxes.data;
  const act = activate(spec.scoreActivation);
  const softmax = spec.scoreActivation === 'softmax';
  const out: Candidates = { boxes: [], scores: [], classes: [] };
  for (let i = 0; i < boxes.rows; i++) {
    const row = i * c;
    let bestCol = -1;
    let bestRaw = -Infinity;
    let maxRaw = -Infinity;
    for (let j = 0; j < c; j++) {
      const v = s[row + j]!;
      if (v > maxRaw) maxRaw = v;
      if (j !== bg && v > bestRaw) {
        bestRaw = v;
        bestCol = j;
      }
    }
    let score: number;
    if (softmax) {
      let sum = 0;
      for (let j = 0; j < c; j++) sum += Math.exp(s[row + j]! - maxRaw);
      score = Math.exp(bestRaw - maxRaw) / sum;
    } else {
      score = act(bestRaw);
    }
    if (!(score > spec.scoreThreshold)) continue;
    const o = i * boxes.cols;
    let box: [number, number, number, number];
    if (anchors) {
      const cx = anchors[i * 2]! + b[o]! / scaleX;
      const cy = anchors[i * 2 + 1]! + b[o + 1]! / scaleY;
      const hw = Math.abs(b[o + 2]! / scaleX) / 2;
      const hh = Math.abs(b[o + 3]! / scaleY) / 2;
      box = [(cx - hw) * input.width, (cy - hh) * input.height, (cx + hw) * input.width, (cy + hh) * input.height];
    } else {
      box = pixels(spec, input, cornersOf(spec.boxFormat, b[o]!, b[o + 1]!, b[o + 2]!, b[o + 3]!));
    }
    out.boxes.push(box);
    out.scores.push(score);
    out.classes.push(bg !== undefined && bestCol > bg ? bestCol - 1 : bestCol);
  }
  return out;
}

function decodeDetections(spec: Spec<'detections'>, outputs: OutputTensors, input: InputSize): Candidates {
  const act = activate(spec.scoreActivation);
  const out: Candidates = { boxes: [], scores: [], classes: [] };
  const push = (a: number, b: number, c: number, d: number, score: number, cls: number): void => {
    if (!(score > spec.scoreThreshold)) return;
    out.boxes.push(pixels(spec, input, cornersOf(spec.boxFormat, a, b, c, d)));
    out.scores.push(score);
    out.classes.push(Math.round(cls));
  };
  if (spec.output !== undefined) {
    const t = rowsOf(outputs, spec.output);
    if (t.cols !== 6) {
      throw new ParityError('BAD_OPTION', `Output "${spec.output}" has ${t.cols} values per detection; "detections" reads rows of 6: box (4), score, class.`, SPEC_HINT);
    }
    for (let i = 0; i < t.rows; i++) {
      const o = i * 6;
      const d = t.data;
      push(d[o]!, d[o + 1]!, d[o + 2]!, d[o + 3]!, act(d[o + 4]!), d[o + 5]!);
    }
    return out;
  }
  const names = spec.outputs!;
  const boxes = rowsOf(outputs, names.boxes);
  const scores = rowsOf(outputs, names.scores);
  const classes = names.classes ? rowsOf(outputs, names.classes) : null;
  if (boxes.cols !== 4 || scores.cols !== 1 || scores.rows !== boxes.rows || (classes && (classes.cols !== 1 || classes.rows !== boxes.rows))) {
    throw new ParityError('BAD_OPTION', 'Final detections need boxes [1, N, 4] and scores (and classes) [1, N] with the same N.', SPEC_HINT);
  }
  const limit = names.count ? Math.max(0, Math.min(boxes.rows, Math.floor(scalarOf(outputs, names.count)))) : boxes.rows;
  for (let i = 0; i < limit; i++) {
    const o = i * 4;
    const b = boxes.data;
    push(b[o]!, b[o + 1]!, b[o + 2]!, b[o + 3]!, act(scores.data[i]!), classes ? classes.data[i]! : 0);
  }
  return out;
}
