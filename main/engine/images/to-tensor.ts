/**
 * Normalisation: an RGB image of the model's size becomes the input tensor:
 * value = (pixel / scale − mean[c]) / std[c], channels in RGB or BGR order, NCHW or NHWC, where c is the
 * tensor's channel index (mean and std are listed in the tensor's channel order, as PaddleOCR and Caffe do).
 * GRAY is one channel of ITU-R BT.601 luma, rounded to 8 bits exactly as Pillow's convert("L") does, so a grayscale
 * file (R = G = B) keeps its bytes. uint8 feeds the bytes, int8 the bytes − 128. A fixed batch larger than 1 holds
 * the same image in every slot.
 * A 256-entry table per channel holds the float32 value of every byte (computed in double, then rounded once,
 * exactly as the formula per pixel would), so the hot loop is one lookup and one store per value.
 */
import { channelCount, tensorDims, type PreprocessSpec } from '../../../shared/preprocess.js';
import { assertRgbImage, type RgbImage } from './rgb-image.js';

export interface ImageTensor {
  data: Float32Array | Uint8Array | Int8Array;
  dims: number[];
}

type Normalisation = Pick<PreprocessSpec, 'width' | 'height' | 'colorOrder' | 'layout' | 'scale' | 'mean' | 'std' | 'dtype'> &
  Partial<Pick<PreprocessSpec, 'batch'>>;

/** BT.601 luma of one pixel in 8 bits: Pillow's fixed-point formula (weights sum to 65536, rounded). */
export function luma(r: number, g: number, b: number): number {
  return (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
}

function emptyTensor(dtype: PreprocessSpec['dtype'], length: number): Float32Array | Uint8Array | Int8Array {
  if (dtype === 'float32') return new Float32Array(length);
  return dtype === 'int8' ? new Int8Array(length) : new Uint8Array(length);
}

function rightKind(dtype: PreprocessSpec['dtype'], into: ImageTensor['data']): boolean {
  if (dtype === 'float32') return into instanceof Float32Array;
  return dtype === 'int8' ? into instanceof Int8Array : into instanceof Uint8Array;
}

/** One channel of luma, normalised like any channel (mean[0], std[0]); uint8/int8 take the luma byte. */
function grayTensor(src: Uint8Array, pixels: number, spec: Normalisation, out: Float32Array | Uint8Array | Int8Array): void {
  if (out instanceof Float32Array) {
    const table = lookupTable(spec.scale, spec.mean[0], spec.std[0]);
    for (let i = 0, j = 0; i < pixels; i++, j += 3) out[i] = table[luma(src[j]!, src[j + 1]!, src[j + 2]!)]!;
    return;
  }
  const offset = out instanceof Int8Array ? 128 : 0;
  for (let i = 0, j = 0; i < pixels; i++, j += 3) out[i] = luma(src[j]!, src[j + 1]!, src[j + 2]!) - offset;
}

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
export function toTensor(image: RgbImage, spec: Normalisation, into?: ImageTensor['data']): ImageTensor {
  assertRgbImage(image);
  const { width, height } = image;
  if (width !== spec.width || height !== spec.height) {
    throw new RangeError(`toTensor needs a ${spec.width}×${spec.height} image, got ${width}×${height}; call fitToInput first`);
  }
  const pixels = width * height;
  const channels = channelCount(spec);
  const sample = pixels * channels;
  const batch = spec.batch ?? 1;
  const dims = tensorDims(spec);
  if (into && (!rightKind(spec.dtype, into) || into.length !== sample * batch)) {
    throw new RangeError(`toTensor: the output buffer must be a ${spec.dtype} array of ${sample * batch} values`);
  }
  const out = into ?? emptyTensor(spec.dtype, sample * batch);
  const first = batch === 1 ? out : out.subarray(0, sample);
  if (channels === 1) grayTensor(image.data, pixels, spec, first);
  else if (first instanceof Float32Array) colorFloat(image.data, pixels, spec, first);
  else colorBytes(image.data, pixels, spec, first);
  for (let b = 1; b < batch; b++) out.copyWithin(b * sample, 0, sample);
  return { data: out, dims };
}

/** Source (RGB) channel feeding tensor channel 0, 1, 2. */
function channelOrder(spec: Normalisation): [number, number, number] {
  return spec.colorOrder === 'BGR' ? [2, 1, 0] : [0, 1, 2];
}

function colorBytes(src: Uint8Array, pixels: number, spec: Normalisation, out: Uint8Array | Int8Array): void {
  const [s0, s1, s2] = channelOrder(spec);
  const offset = out instanceof Int8Array ? 128 : 0;
  if (spec.layout === 'NHWC') {
    if (s0 === 0 && offset === 0) out.set(src);
    else for (let j = 0; j < pixels * 3; j += 3) {
      out[j] = src[j + s0]! - offset;
      out[j + 1] = src[j + s1]! - offset;
      out[j + 2] = src[j + s2]! - offset;
    }
    return;
  }
  for (let i = 0, j = 0; i < pixels; i++, j += 3) {
    out[i] = src[j + s0]! - offset;
    out[pixels + i] = src[j + s1]! - offset;
    out[2 * pixels + i] = src[j + s2]! - offset;
  }
}

function colorFloat(src: Uint8Array, pixels: number, spec: Normalisation, out: Float32Array): void {
  const [s0, s1, s2] = channelOrder(spec);
  const t0 = lookupTable(spec.scale, spec.mean[0], spec.std[0]);
  const t1 = lookupTable(spec.scale, spec.mean[1], spec.std[1]);
  const t2 = lookupTable(spec.scale, spec.mean[2], spec.std[2]);
  if (spec.layout === 'NCHW') {
    const plane2 = 2 * pixels;
    for (let i = 0, j = 0; i < pixels; i++, j += 3) {
      out[i] = t0[src[j + s0]!]!;
      out[pixels + i] = t1[src[j + s1]!]!;
      out[plane2 + i] = t2[src[j + s2]!]!;
    }
  } else {
    for (let j = 0; j < pixels * 3; j += 3) {
      out[j] = t0[src[j + s0]!]!;
      out[j + 1] = t1[src[j + s1]!]!;
      out[j + 2] = t2[src[j + s2]!]!;
    }
  }
}
