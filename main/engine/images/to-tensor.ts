/**
 * Normalisation: an RGB image of the model's size becomes the input tensor (batch 1):
 * value = (pixel / scale − mean[c]) / std[c], channels in RGB or BGR order, NCHW or NHWC, where c is the
 * tensor's channel index (mean and std are listed in the tensor's channel order, as PaddleOCR and Caffe do).
 * A 256-entry table per channel holds the float32 value of every byte (computed in double, then rounded once,
 * exactly as the formula per pixel would), so the hot loop is one lookup and one store per value.
 */
import type { PreprocessSpec } from '../../../shared/preprocess.js';
import { assertRgbImage, type RgbImage } from './rgb-image.js';

export interface ImageTensor {
  data: Float32Array | Uint8Array;
  dims: number[];
}

type Normalisation = Pick<PreprocessSpec, 'width' | 'height' | 'colorOrder' | 'layout' | 'scale' | 'mean' | 'std' | 'dtype'>;

/** The float32 value of every byte for one tensor channel c (mean[c], std[c] are positional: with BGR, c = 0 is blue). */
function lookupTable(scale: number, mean: number, std: number): Float32Array {
  const table = new Float32Array(256);
  for (let v = 0; v < 256; v++) table[v] = (v / scale - mean) / std;
  return table;
}

/**
 * Turns an image already at spec.width × spec.height into the model's input tensor (batch 1). Pass `into` (of the
 * right type and length) to fill a buffer you reuse instead of allocating one per call.
 */
export function toTensor(image: RgbImage, spec: Normalisation, into?: Float32Array | Uint8Array): ImageTensor {
  assertRgbImage(image);
  const { width, height } = image;
  if (width !== spec.width || height !== spec.height) {
    throw new RangeError(`toTensor needs a ${spec.width}×${spec.height} image, got ${width}×${height}; call fitToInput first`);
  }
  const pixels = width * height;
  const src = image.data;
  // Source (RGB) channel feeding tensor channel 0, 1, 2.
  const order = spec.colorOrder === 'RGB' ? [0, 1, 2] : [2, 1, 0];
  const [s0, s1, s2] = order as [number, number, number];
  const dims = spec.layout === 'NCHW' ? [1, 3, height, width] : [1, height, width, 3];
  const rightType = spec.dtype === 'float32' ? into instanceof Float32Array : into instanceof Uint8Array;
  if (into && (!rightType || into.length !== pixels * 3)) {
    throw new RangeError(`toTensor: the output buffer must be a ${spec.dtype} array of ${pixels * 3} values`);
  }

  if (spec.dtype === 'uint8') {
    const out = into instanceof Uint8Array ? into : new Uint8Array(pixels * 3);
    if (spec.layout === 'NHWC') {
      if (s0 === 0) out.set(src);
      else for (let i = 0, j = 0; i < pixels; i++, j += 3) {
        out[j] = src[j + 2] as number;
        out[j + 1] = src[j + 1] as number;
        out[j + 2] = src[j] as number;
      }
    } else {
      for (let i = 0, j = 0; i < pixels; i++, j += 3) {
        out[i] = src[j + s0] as number;
        out[pixels + i] = src[j + s1] as number;
        out[2 * pixels + i] = src[j + s2] as number;
      }
    }
    return { data: out, dims };
  }

  const t0 = lookupTable(spec.scale, spec.mean[0], spec.std[0]);
  const t1 = lookupTable(spec.scale, spec.mean[1], spec.std[1]);
  const t2 = lookupTable(spec.scale, spec.mean[2], spec.std[2]);
  const out = into instanceof Float32Array ? into : new Float32Array(pixels * 3);
  if (spec.layout === 'NCHW') {
    const plane2 = 2 * pixels;
    for (let i = 0, j = 0; i < pixels; i++, j += 3) {
      out[i] = t0[src[j + s0] as number] as number;
      out[pixels + i] = t1[src[j + s1] as number] as number;
      out[plane2 + i] = t2[src[j + s2] as number] as number;
    }
  } else {
    for (let i = 0, j = 0; i < pixels; i++, j += 3) {
      out[j] = t0[src[j + s0] as number] as number;
      out[j + 1] = t1[src[j + s1] as number] as number;
      out[j + 2] = t2[src[j + s2] as number] as number;
    }
  }
  return { data: out, dims };
}
