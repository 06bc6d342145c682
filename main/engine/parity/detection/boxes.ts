/** Axis-aligned boxes as [x1, y1, x2, y2] with x1 ≤ x2, y1 ≤ y2: reading them from a model's format, and their IoU. */
import type { BoxFormat } from '../../../../shared/postprocess.js';
import type { Box } from '../../../../shared/report/detection.js';

/** The box whose four values `a b c d` are in `format`, as ordered corners. */
export function cornersOf(format: BoxFormat, a: number, b: number, c: number, d: number): Box {
  switch (format) {
    case 'xyxy':
      return ordered(a, b, c, d);
    case 'yxyx':
      return ordered(b, a, d, c);
    case 'cxcywh': {
      const hw = Math.abs(c) / 2;
      const hh = Math.abs(d) / 2;
      return [a - hw, b - hh, a + hw, b + hh];
    }
    case 'xywh':
      return ordered(a, b, a + c, b + d);
  }
}

function ordered(x1: number, y1: number, x2: number, y2: number): Box {
  return [Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2)];
}

/** Intersection over union; 0 when either box has no area (as ONNX Runtime's NonMaxSuppression treats them). */
export function iou(a: Box, b: Box): number {
  const iw = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  if (iw <= 0) return 0;
  const ih = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (ih <= 0) return 0;
  const inter = iw * ih;
  const areaA = (a[2] - a[0]) * (a[3] - a[1]);
  const areaB = (b[2] - b[0]) * (b[3] - b[1]);
  const union = areaA + areaB - inter;
  return areaA <= 0 || areaB <= 0 || union <= 0 ? 0 : inter / union;
}
