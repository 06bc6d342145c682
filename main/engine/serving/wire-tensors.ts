/**
 * Tensors on the wire: KServe v2 datatype names and TF Serving dtypes mapped to ONNX Runtime's names, tensors
 * written as JSON numbers (exact: a float32 printed as the double it is reads back as the same float32) or as
 * little-endian bytes (the binary-tensor extension), and answers read back as float32 for the metrics.
 */
import { ParityError } from '../../../shared/errors.js';
import { fromFloat16Array } from '../onnx/index.js';
import type { TensorInput } from '../infer/tensors.js';

const KSERVE_TO_ORT: Record<string, string> = {
  BOOL: 'bool',
  UINT8: 'uint8',
  UINT16: 'uint16',
  UINT32: 'uint32',
  UINT64: 'uint64',
  INT8: 'int8',
  INT16: 'int16',
  INT32: 'int32',
  INT64: 'int64',
  FP16: 'float16',
  FP32: 'float32',
  FP64: 'float64',
  BYTES: 'string',
};

const TF_TO_ORT: Record<string, string> = {
  DT_FLOAT: 'float32',
  DT_HALF: 'float16',
  DT_DOUBLE: 'float64',
  DT_INT8: 'int8',
  DT_UINT8: 'uint8',
  DT_INT16: 'int16',
  DT_UINT16: 'uint16',
  DT_INT32: 'int32',
  DT_UINT32: 'uint32',
  DT_INT64: 'int64',
  DT_UINT64: 'uint64',
  DT_BOOL: 'bool',
  DT_STRING: 'string',
};

/** ONNX Runtime's dtype name for a KServe v2 datatype ("FP32" → "float32"); unknown names pass through lower-cased. */
export function dtypeOfKserve(datatype: string): string {
  return KSERVE_TO_ORT[datatype.toUpperCase()] ?? datatype.toLowerCase();
}

/** The KServe v2 datatype of an input tensor. */
export function kserveDatatype(dtype: string): string {
  const found = Object.entries(KSERVE_TO_ORT).find(([, ort]) => ort === dtype);
  if (!found) throw new ParityError('UNSUPPORTED', `A ${dtype} tensor has no KServe v2 datatype.`);
  return found[0];
}

/** ONNX Runtime's dtype name for a TF Serving dtype ("DT_FLOAT" → "float32"). */
export function dtypeOfTf(dtype: string): string {
  return TF_TO_ORT[dtype] ?? dtype.toLowerCase();
}

const BYTES_PER: Record<string, number> = {
  bool: 1, uint8: 1, int8: 1, uint16: 2, int16: 2, float16: 2, uint32: 4, int32: 4, float32: 4, uint64: 8, int64: 8, float64: 8,
};

/** Bytes per element of a numeric dtype, or null for strings and unknown types. */
export function bytesPerElement(dtype: string): number | null {
  return BYTES_PER[dtype] ?? null;
}

/** The input tensor's values as a JSON array text (flat, row-major). */
export function jsonValues(tensor: TensorInput): string {
  const data = tensor.data;
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) return `[${Array.from(data, String).join(',')}]`;
  // Number → shortest text that reads back as the same double: exact for float32 values too.
  return `[${Array.prototype.join.call(data, ',')}]`;
}

/** The input tensor's values as nested JSON arrays of `dims` without the leading batch dimension (TF Serving instances). */
export function nestedJson(flat: string[] | ArrayLike<number>, dims: readonly number[]): string {
  const parts: string[] = [];
  let at = 0;
  const walk = (axis: number): void => {
    if (axis === dims.length) {
      parts.push(String(flat[at++]));
      return;
    }
    parts.push('[');
    for (let i = 0; i < dims[axis]!; i++) {
      if (i > 0) parts.push(',');
      walk(axis + 1);
    }
    parts.push(']');
  };
  walk(0);
  return parts.join('');
}

/** The input tensor's bytes, little-endian, as the binary-tensor extension sends them. */
export function tensorBytes(tensor: TensorInput): Buffer {
  const data = tensor.data;
  // Typed arrays are in the platform's byte order: little-endian on every platform Parity ships for.
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** Reads little-endian bytes of `dtype` as float32 values; `count` elements expected. */
export function valuesFromBytes(bytes: Buffer, dtype: string, count: number, what: string): Float32Array {
  const size = bytesPerElement(dtype);
  if (size === null) throw new ParityError('UNSUPPORTED', `${what} is ${dtype}; Parity compares numeric outputs.`);
  if (bytes.length !== size * count) {
    throw new ParityError('ENDPOINT_ERROR', `${what} has ${bytes.length} bytes of binary data; its shape and ${dtype} need ${size * count}.`);
  }
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  const buffer = copy.buffer;
  switch (dtype) {
    case 'float32':
      return new Float32Array(buffer);
    case 'float16':
      return fromFloat16Array(new Uint16Array(buffer));
    case 'float64':
      return Float32Array.from(new Float64Array(buffer));
    case 'int64':
      return Float32Array.from(new BigInt64Array(buffer), Number);
    case 'uint64':
      return Float32Array.from(new BigUint64Array(buffer), Number);
    case 'int8':
      return Float32Array.from(new Int8Array(buffer));
    case 'int16':
      return Float32Array.from(new Int16Array(buffer));
    case 'uint16':
      return Float32Array.from(new Uint16Array(buffer));
    case 'int32':
      return Float32Array.from(new Int32Array(buffer));
    case 'uint32':
      return Float32Array.from(new Uint32Array(buffer));
    default:
      return Float32Array.from(copy);
  }
}

/** Flattens nested JSON arrays of numbers (null for NaN/Infinity a server could not write), returning the shape found. */
export function flattenJson(value: unknown, what: string): { values: Float32Array; dims: number[] } {
  const dims: number[] = [];
  let probe: unknown = value;
  while (Array.isArray(probe)) {
    dims.push(probe.length);
    probe = probe[0];
  }
  const count = dims.reduce((a, b) => a * b, 1);
  const values = new Float32Array(count);
  let at = 0;
  const walk = (node: unknown, axis: number): void => {
    if (axis === dims.length) {
      if (typeof node === 'number') values[at++] = node;
      else if (typeof node === 'boolean') values[at++] = node ? 1 : 0;
      else if (node === null) values[at++] = Number.NaN;
      else throw new ParityError('ENDPOINT_ERROR', `${what} holds a ${typeof node} where a number belongs; Parity compares numeric outputs.`);
      return;
    }
    if (!Array.isArray(node) || node.length !== dims[axis]) {
      throw new ParityError('ENDPOINT_ERROR', `${what} is a ragged array (not a tensor of shape [${dims.join(', ')}]).`);
    }
    for (const item of node) walk(item, axis + 1);
  };
  walk(value, 0);
  return { values, dims };
}

/**
 * JSON.parse that also reads the NaN, Infinity and -Infinity Python's json module writes for such floats (NaN
 * becomes null, then NaN again in flattenJson): an output with a NaN must be counted as one, not fail the run.
 */
export function parseJsonLenient(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    // Outside strings only: the token must follow a value separator or an opening bracket.
    // 1e999 is how JSON spells an overflow: JSON.parse reads it as Infinity.
    const repaired = text.replace(/([[,:]\s*)(-?Infinity|NaN)(?=\s*[,\]}])/g, (_m, before: string, token: string) =>
      `${before}${token === 'NaN' ? 'null' : token.replace('Infinity', '1e999')}`,
    );
    if (repaired === text) throw error;
    return JSON.parse(repaired);
  }
}
