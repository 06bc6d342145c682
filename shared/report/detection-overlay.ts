/**
 * Both models' boxes as shapes to draw over the image the model saw (its input: letterboxed, cropped or stretched),
 * for the report's gallery and the app's image viewer alike: one colour per model, class and score on each box,
 * unmatched boxes marked (dashed, "no match" in their title).
 */
import type { DetectionMetrics, DetectedBox } from './detection.js';
import type { OutputMetrics } from './metrics.js';

export type OverlayRole = 'reference' | 'candidate';

export interface OverlayBox {
  role: OverlayRole;
  /** In pixels of the model's input, the frame the thumbnail shows. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** Class name (or index) and score, e.g. "person 0.87". */
  label: string;
  matched: boolean;
  /** A sentence for a tooltip: model, class, score and whether the other model found it. */
  title: string;
}

/** Boxes of both models together up to which each carries its class and score as text (more would hide the image). */
export const MAX_LABELLED_BOXES = 12;

/** An image's detection figures, when it has a detection output. */
export function detectionOf(outputs: readonly OutputMetrics[]): DetectionMetrics | null {
  return outputs.find((o) => o.kind === 'detection')?.detection ?? null;
}

/** The shapes of both models' boxes (reference first, so the candidate's draw on top). */
export function detectionOverlay(d: DetectionMetrics, classes: readonly string[] | null | undefined): OverlayBox[] {
  const shape = (role: OverlayRole, b: DetectedBox): OverlayBox => {
    const [sx, sy] = d.frame.scale;
    const [ox, oy] = d.frame.offset;
    const x = b.box[0] * sx + ox;
    const y = b.box[1] * sy + oy;
    const name = classes?.[b.class] ?? `class ${b.class}`;
    const label = `${name} ${b.score.toFixed(2)}`;
    const matched = b.match !== null;
    const other = role === 'reference' ? 'candidate' : 'reference';
    return {
      role,
      x,
      y,
      width: (b.box[2] - b.box[0]) * sx,
      height: (b.box[3] - b.box[1]) * sy,
      label,
      matched,
      title: `${role}: ${label}${matched ? '' : ` — no ${other} box matches it`}`,
    };
  };
  return [...d.reference.map((b) => shape('reference', b)), ...d.candidate.map((b) => shape('candidate', b))];
}
