/**
 * Tensors as the engine hands them to ONNX Runtime and gets them back: plain typed arrays with dims and a dtype
 * named as onnxruntime-node names it, so that no code outside infer/ needs ONNX Runtime's own Tensor class.
 */
import type { TensorTypedArray } from '../onnx/index.js';

/** Element types a session can be fed (onnxruntime-node's names; float16 travels as its Uint16Array bits). */
export type TensorDtype = 'float32' | 'float64' | 'float16' | 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'uint64' | 'bool';

/** The typed arrays ONNX Runtime reads and writes tensors as (the onnx layer's TensorTypedArray). */
export type TensorData = TensorTypedArray;

export interface TensorInput {
  data: TensorData;
  dims: readonly number[];
  dtype: TensorDtype;
}

/** An output exactly as ONNX Runtime returned it (strings as string[]). */
export interface TensorValue {
  data: TensorData | readonly string[];
  dims: number[];
  /** onnxruntime-node's dtype name ("float32", "int64", …). */
  dtype: string;
}

export interface TensorOutput {
  /** The output as float32 (converted when the model's output dtype differs), for metrics. */
  data: Float32Array;
  dims: number[];
  dtype: string;
}

const ZEROS: Record<TensorDtype, (n: number) => TensorData> = {
  float32: (n) => new Float32Array(n),
  float64: (n) => new Float64Array(n),
  float16: (n) => new Uint16Array(n),
  int8: (n) => new Int8Array(n),
  uint8: (n) => new Uint8Array(n),
  int16: (n) => new Int16Array(n),
  uint16: (n) => new Uint16Array(n),
  int32: (n) => new Int32Array(n),
  uint32: (n) => new Uint32Array(n),
  int64: (n) => new BigInt64Array(n),
  uint64: (n) => new BigUint64Array(n),
  bool: (n) => new Uint8Array(n),
};

/** Whether a dtype name (from a model's signature) is one a session can be fed. */
export function isTensorDtype(name: string): name is TensorDtype {
  return Object.prototype.hasOwnProperty.call(ZEROS, name);
}

/** A tensor of zeros of the given type and shape. */
export function zerosTensor(dtype: TensorDtype, dims: readonly number[]): TensorInput {
  return { data: ZEROS[dtype](dims.reduce((a, b) => a * b, 1)), dims: [...dims], dtype };
}
