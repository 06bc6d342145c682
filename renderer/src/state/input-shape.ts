/** A concrete input shape for a model whose image input has symbolic dims, from the preprocessing spec. */
import type { TensorSignature } from '../../../shared/model-info.js';
import type { PartialPreprocessSpec } from '../../../shared/preprocess.js';

/** [1, 3, H, W] or [1, H, W, 3] with the spec's size where the model leaves dims open; null when unknown. */
export function concreteInputShape(input: TensorSignature, spec: PartialPreprocessSpec): number[] | null {
  const shape = input.shape;
  if (!shape || shape.length !== 4) return null;
  const layout = spec.layout ?? (shape[1] === 3 ? 'NCHW' : shape[3] === 3 ? 'NHWC' : null);
  if (!layout) return null;
  const fixed = (i: number): number | null => {
    const d = shape[i];
    return typeof d === 'number' && d > 0 ? d : null;
  };
  const [hAxis, wAxis] = layout === 'NCHW' ? [2, 3] : [1, 2];
  const height = fixed(hAxis) ?? spec.height ?? null;
  const width = fixed(wAxis) ?? spec.width ?? null;
  if (height === null || width === null) return null;
  return layout === 'NCHW' ? [1, 3, height, width] : [1, height, width, 3];
}
