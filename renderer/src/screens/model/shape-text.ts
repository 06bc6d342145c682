/** A tensor shape as engineers write it: [N, 3, 48, 192]; long symbolic names are shortened to "?". */
import type { Dim } from '../../../../shared/model-info.js';

export function dimText(dim: Dim): string {
  if (dim === null) return '?';
  if (typeof dim === 'number') return dim > 0 ? String(dim) : '?';
  return dim.length <= 8 ? dim : '?';
}

export function shapeText(shape: readonly Dim[] | null): string {
  if (shape === null) return '[unknown]';
  return `[${shape.map(dimText).join(', ')}]`;
}

/** The model-fixed width and height of an image input for a layout, or null where symbolic. */
export function fixedSize(shape: readonly Dim[] | null, layout: 'NCHW' | 'NHWC'): { width: number | null; height: number | null } {
  if (!shape || shape.length !== 4) return { width: null, height: null };
  const [h, w] = layout === 'NCHW' ? [shape[2], shape[3]] : [shape[1], shape[2]];
  const fixed = (d: Dim | undefined): number | null => (typeof d === 'number' && d > 0 ? d : null);
  return { width: fixed(w), height: fixed(h) };
}

/** The layout a 4-D image input implies (channels of 3 at axis 1 or 3), or null. */
export function impliedLayout(shape: readonly Dim[] | null): 'NCHW' | 'NHWC' | null {
  if (!shape || shape.length !== 4) return null;
  if (shape[1] === 3) return 'NCHW';
  if (shape[3] === 3) return 'NHWC';
  return null;
}
