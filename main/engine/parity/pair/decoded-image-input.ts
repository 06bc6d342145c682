/**
 * A model that takes the decoded image itself: its one input is uint8 [1, H, W, 3] with free H and W (what
 * `parity bundle` writes), and it resizes and normalises inside its graph. Fed the decoded image while the other
 * side gets Parity's tensor, a comparison measures the in-graph preprocessing against Parity's own as well.
 */
import type { TensorSignature } from '../../../../shared/model-info.js';
import type { RgbImage } from '../../images/index.js';
import type { TensorInput } from '../../infer/model-session.js';
import type { ModelSignature } from './signatures.js';

function isDecodedImageInput(t: TensorSignature): boolean {
  const s = t.shape;
  if (t.dtype !== 'uint8' || s === null || s.length !== 4 || s[3] !== 3) return false;
  const free = (d: (typeof s)[number]): boolean => typeof d !== 'number';
  return (s[0] === 1 || free(s[0]!)) && free(s[1]!) && free(s[2]!);
}

function sameInput(a: TensorSignature, b: TensorSignature): boolean {
  return a.name === b.name && a.dtype === b.dtype && JSON.stringify(a.shape) === JSON.stringify(b.shape);
}

/** The input's name when `side` takes a decoded image of any size and `counterpart` takes no such input; else null. */
export function decodedImageInput(side: ModelSignature, counterpart: ModelSignature): string | null {
  const [input] = side.inputs;
  if (side.inputs.length !== 1 || !input || !isDecodedImageInput(input)) return null;
  return counterpart.inputs.some((c) => sameInput(c, input)) ? null : input.name;
}

/** The image as that input's tensor, uint8 [1, H, W, 3]. */
export function imageTensor(image: RgbImage): TensorInput {
  return { data: image.data, dims: [1, image.height, image.width, 3], dtype: 'uint8' };
}

/** A black image of the tensor's height and width (NCHW or NHWC), to warm a side that takes images. */
export function blankImageLike(tensor: TensorInput): RgbImage {
  const [, a = 1, b = 1, c = 1] = tensor.dims;
  const [height, width] = a === 3 && c !== 3 ? [b, c] : [a, b];
  return { data: new Uint8Array(width * height * 3), width, height };
}
