/**
 * NumPy's .npy format (versions 1–3), read without NumPy: the magic, a Python-literal header dict (descr,
 * fortran_order, shape), then the raw array. Only numeric dtypes are accepted — what a model's outputs are saved
 * as — and every length is checked against the bytes present before anything is allocated, so a truncated or
 * hostile file is refused with a message instead of a crash or a giant allocation.
 */
import { fromFloat16Array } from '../onnx/index.js';

/** An array as saved: its NumPy dtype name, shape, and values as float32 for the metrics. */
export interface NpyArray {
  /** NumPy's name for the element type: float32, float16, float64, int8 … uint64, bool. */
  dtype: NpyDtype;
  shape: number[];
  data: Float32Array;
}

export type NpyDtype = 'float16' | 'float32' | 'float64' | 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'uint64' | 'bool';

/** Thrown for anything that is not a readable numeric .npy array; the message says what is wrong. */
export class NpyFormatError extends Error {}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
/** Arrays above this many elements are refused (1 G elements = 4 GB as float32). */
export const MAX_NPY_ELEMENTS = 1 << 30;

const KINDS: Record<string, { dtype: NpyDtype; bytes: number }> = {
  f2: { dtype: 'float16', bytes: 2 },
  f4: { dtype: 'float32', bytes: 4 },
  f8: { dtype: 'float64', bytes: 8 },
  i1: { dtype: 'int8', bytes: 1 },
  u1: { dtype: 'uint8', bytes: 1 },
  i2: { dtype: 'int16', bytes: 2 },
  u2: { dtype: 'uint16', bytes: 2 },
  i4: { dtype: 'int32', bytes: 4 },
  u4: { dtype: 'uint32', bytes: 4 },
  i8: { dtype: 'int64', bytes: 8 },
  u8: { dtype: 'uint64', bytes: 8 },
  b1: { dtype: 'bool', bytes: 1 },
};

interface Header {
  descr: string;
  fortranOrder: boolean;
  shape: number[];
}

/** Parses the header dict, e.g. {'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }. */
function parseHeader(text: string): Header {
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new NpyFormatError(`the header is not a NumPy array header: ${text.trim().slice(0, 120)}`);
  }
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => {
      if (!/^\d+L?$/.test(s)) throw new NpyFormatError(`the shape (${shapeText}) has a dimension that is not a size: ${s}`);
      return Number.parseInt(s, 10);
    });
  return { descr, fortranOrder: fortran === 'True', shape };
}

function elementType(descr: string): { dtype: NpyDtype; bytes: number; bigEndian: boolean } {
  const match = /^([<>|=]?)([a-z]\d+)$/.exec(descr);
  const kind = match ? KINDS[match[2]!] : undefined;
  if (!match || !kind) {
    throw new NpyFormatError(`its dtype "${descr}" is not numeric (float16/32/64, int8–64, uint8–64 or bool are read)`);
  }
  return { ...kind, bigEndian: match[1] === '>' };
}

function elementCount(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) {
    n *= d;
    if (n > MAX_NPY_ELEMENTS) throw new NpyFormatError(`its shape (${shape.join(', ')}) holds more than ${MAX_NPY_ELEMENTS} elements`);
  }
  return n;
}

function readValues(view: DataView, offset: number, n: number, type: { dtype: NpyDtype; bytes: number; bigEndian: boolean }): Float32Array {
  const little = !type.bigEndian;
  if (type.dtype === 'float32' && little) {
    // The common case: one copy of the bytes (also aligns them) instead of a read per element.
    return new Float32Array(new Uint8Array(view.buffer, view.byteOffset + offset, n * 4).slice().buffer);
  }
  const out = new Float32Array(n);
  if (type.dtype === 'float16') {
    const bits = new Uint16Array(n);
    for (let i = 0; i < n; i++) bits[i] = view.getUint16(offset + 2 * i, little);
    return fromFloat16Array(bits);
  }
  const read: (at: number) => number = {
    float32: (at: number) => view.getFloat32(at, little),
    float64: (at: number) => view.getFloat64(at, little),
    int8: (at: number) => view.getInt8(at),
    uint8: (at: number) => view.getUint8(at),
    bool: (at: number) => view.getUint8(at),
    int16: (at: number) => view.getInt16(at, little),
    uint16: (at: number) => view.getUint16(at, little),
    int32: (at: number) => view.getInt32(at, little),
    uint32: (at: number) => view.getUint32(at, little),
    int64: (at: number) => Number(view.getBigInt64(at, little)),
    uint64: (at: number) => Number(view.getBigUint64(at, little)),
  }[type.dtype];
  for (let i = 0; i < n; i++) out[i] = read(offset + i * type.bytes);
  return out;
}

/** Column-major (Fortran order) values rearranged into row-major order. */
function toRowMajor(values: Float32Array, shape: readonly number[]): Float32Array {
  if (shape.length < 2) return values;
  const out = new Float32Array(values.length);
  const rank = shape.length;
  const index = new Array<number>(rank).fill(0);
  // Strides of the column-major source.
  const stride = new Array<number>(rank);
  stride[0] = 1;
  for (let k = 1; k < rank; k++) stride[k] = stride[k - 1]! * shape[k - 1]!;
  for (let i = 0; i < out.length; i++) {
    let src = 0;
    for (let k = 0; k < rank; k++) src += index[k]! * stride[k]!;
    out[i] = values[src]!;
    for (let k = rank - 1; k >= 0; k--) {
      index[k]! += 1;
      if (index[k]! < shape[k]!) break;
      index[k] = 0;
    }
  }
  return out;
}

/** Reads a .npy file's bytes; throws NpyFormatError saying what is wrong. */
export function parseNpy(bytes: Uint8Array): NpyArray {
  if (bytes.length < 10 || !MAGIC.every((b, i) => bytes[i] === b)) throw new NpyFormatError('it does not start with the .npy magic (\\x93NUMPY)');
  const major = bytes[6]!;
  if (major < 1 || major > 3) throw new NpyFormatError(`its format version ${major}.${bytes[7]} is not one NumPy writes (1–3)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = major === 1 ? view.getUint16(8, true) : bytes.length >= 12 ? view.getUint32(8, true) : Number.POSITIVE_INFINITY;
  const headerStart = major === 1 ? 10 : 12;
  if (headerStart + headerLength > bytes.length) throw new NpyFormatError('it is truncated inside its header');
  const header = parseHeader(new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(headerStart, headerStart + headerLength)));
  const type = elementType(header.descr);
  const n = elementCount(header.shape);
  const dataStart = headerStart + headerLength;
  const expected = n * type.bytes;
  if (bytes.length - dataStart < expected) {
    throw new NpyFormatError(`it is truncated: shape (${header.shape.join(', ')}) of ${type.dtype} needs ${expected} bytes, ${bytes.length - dataStart} are present`);
  }
  const values = readValues(view, dataStart, n, type);
  return { dtype: type.dtype, shape: header.shape, data: header.fortranOrder ? toRowMajor(values, header.shape) : values };
}
