/**
 * Tensor contents whatever their storage (raw_data, the typed *_data fields or an external file): element counts,
 * raw little-endian bytes and typed arrays.
 */
import { ParityError } from '../../../shared/errors.js';
import { TensorProto_DataType as DataType, type TensorProto } from './generated/onnx_pb.js';
import { badModel } from './bad-model.js';
import { dtypeBits, dtypeName, rawByteLength } from './dtypes.js';
import { isExternal, readExternalBytes } from './external-data.js';
import type { TensorOrigin } from './loaded-model.js';

/** Largest element count Parity accepts for one tensor; beyond it a shape is taken as corrupt. */
export const MAX_TENSOR_ELEMENTS = 2 ** 31;

/** Number of elements a tensor's dims describe; throws BAD_MODEL for negative dims or more than 2^31 elements. */
export function tensorElementCount(tensor: TensorProto): number {
  let count = 1;
  for (const dim of tensor.dims) {
    if (dim < 0n) throw badModel(`Tensor "${tensor.name}" has a negative dimension (${dim}).`);
    if (dim > BigInt(MAX_TENSOR_ELEMENTS)) throw absurdShape(tensor);
    count *= Number(dim);
    if (count > MAX_TENSOR_ELEMENTS) throw absurdShape(tensor);
  }
  return count;
}

function absurdShape(tensor: TensorProto): ParityError {
  const shape = tensor.dims.slice(0, 8).join('x') + (tensor.dims.length > 8 ? 'x…' : '');
  return badModel(`Tensor "${tensor.name}" has an absurd shape [${shape}] (more than 2^31 elements).`);
}

/** Which field holds a tensor's data. */
export type TensorStorage = 'external' | 'raw' | 'float_data' | 'double_data' | 'int32_data' | 'int64_data' | 'uint64_data' | 'string_data' | 'none';

/** Tells where a tensor keeps its values. */
export function tensorStorage(tensor: TensorProto): TensorStorage {
  if (isExternal(tensor)) return 'external';
  if (tensor.rawData.length > 0 || Object.prototype.hasOwnProperty.call(tensor, 'rawData')) return 'raw';
  switch (tensor.dataType) {
    case DataType.FLOAT:
    case DataType.COMPLEX64:
      return tensor.floatData.length > 0 ? 'float_data' : 'none';
    case DataType.DOUBLE:
    case DataType.COMPLEX128:
      return tensor.doubleData.length > 0 ? 'double_data' : 'none';
    case DataType.INT64:
      return tensor.int64Data.length > 0 ? 'int64_data' : 'none';
    case DataType.UINT32:
    case DataType.UINT64:
      return tensor.uint64Data.length > 0 ? 'uint64_data' : 'none';
    case DataType.STRING:
      return tensor.stringData.length > 0 ? 'string_data' : 'none';
    default:
      return tensor.int32Data.length > 0 ? 'int32_data' : 'none';
  }
}

/** How many entries the typed field must hold for `count` elements (complex types hold two numbers each). */
export function typedFieldEntries(dataType: number, count: number): number {
  if (dataType === DataType.COMPLEX64 || dataType === DataType.COMPLEX128) return 2 * count;
  const bits = dtypeBits(dataType);
  if (bits === 4) return Math.ceil(count / 2);
  if (bits === 2) return Math.ceil(count / 4);
  return count;
}

function typedFieldLength(tensor: TensorProto, storage: TensorStorage): number {
  switch (storage) {
    case 'float_data':
      return tensor.floatData.length;
    case 'double_data':
      return tensor.doubleData.length;
    case 'int32_data':
      return tensor.int32Data.length;
    case 'int64_data':
      return tensor.int64Data.length;
    case 'uint64_data':
      return tensor.uint64Data.length;
    case 'string_data':
      return tensor.stringData.length;
    default:
      return 0;
  }
}

/**
 * Checks that a tensor holds exactly the data its dims and type need; returns the byte length of its raw form
 * (undefined for strings). External files are not opened here.
 */
export function checkTensorData(tensor: TensorProto): number | undefined {
  const count = tensorElementCount(tensor);
  if (dtypeName(tensor.dataType).startsWith('unknown') || tensor.dataType === DataType.UNDEFINED) {
    throw badModel(`Tensor "${tensor.name}" has an unknown element type (${tensor.dataType}).`);
  }
  const expected = rawByteLength(tensor.dataType, count);
  const storage = tensorStorage(tensor);
  if (storage === 'external') return expected;
  if (storage === 'raw') {
    if (expected === undefined) throw badModel(`String tensor "${tensor.name}" stores raw_data, which strings cannot use.`);
    if (tensor.rawData.length !== expected) {
      throw badModel(
        `Tensor "${tensor.name}" (${dtypeName(tensor.dataType)} [${tensor.dims.join('x')}]) needs ${expected} bytes but holds ${tensor.rawData.length}.`,
      );
    }
    return expected;
  }
  const have = typedFieldLength(tensor, storage);
  const need = storage === 'none' ? 0 : typedFieldEntries(tensor.dataType, count);
  if (storage === 'none' ? count !== 0 : have !== need) {
    throw badModel(
      `Tensor "${tensor.name}" (${dtypeName(tensor.dataType)} [${tensor.dims.join('x')}]) needs ${typedFieldEntries(tensor.dataType, count)} values but holds ${have}.`,
    );
  }
  return expected;
}

/** Raw little-endian bytes of a tensor whatever its storage: a view for raw_data, a fresh array otherwise. */
export function tensorBytes(origin: TensorOrigin, tensor: TensorProto): Uint8Array {
  const expected = checkTensorData(tensor);
  if (expected === undefined) {
    throw new ParityError('UNSUPPORTED', `String tensor "${tensor.name}" has no raw byte form.`, 'Read its string_data instead.');
  }
  const storage = tensorStorage(tensor);
  if (storage === 'external') return readExternalBytes(origin.dir, tensor, expected);
  if (storage === 'raw') return tensor.rawData;
  if (storage === 'none') return new Uint8Array(0);
  return typedFieldToBytes(tensor, storage, expected);
}

function typedFieldToBytes(tensor: TensorProto, storage: TensorStorage, byteLength: number): Uint8Array {
  const out = new Uint8Array(byteLength);
  const view = new DataView(out.buffer);
  switch (storage) {
    case 'float_data':
      tensor.floatData.forEach((v, i) => view.setFloat32(4 * i, v, true));
      return out;
    case 'double_data':
      tensor.doubleData.forEach((v, i) => view.setFloat64(8 * i, v, true));
      return out;
    case 'int64_data':
      tensor.int64Data.forEach((v, i) => view.setBigInt64(8 * i, BigInt.asIntN(64, BigInt(v)), true));
      return out;
    case 'uint64_data':
      if (tensor.dataType === DataType.UINT32) {
        tensor.uint64Data.forEach((v, i) => view.setUint32(4 * i, Number(BigInt.asUintN(32, BigInt(v))), true));
      } else {
        tensor.uint64Data.forEach((v, i) => view.setBigUint64(8 * i, BigInt.asUintN(64, BigInt(v)), true));
      }
      return out;
    case 'int32_data':
      writeInt32Data(tensor, out, view);
      return out;
    default:
      return out;
  }
}

// int32_data holds one element per entry for 8/16/32-bit types, one packed byte for 4-bit and 2-bit types, and one
// 6-bit code per entry for the float6 types, which raw_data packs four to three bytes.
function writeInt32Data(tensor: TensorProto, out: Uint8Array, view: DataView): void {
  const bits = dtypeBits(tensor.dataType) ?? 32;
  const data = tensor.int32Data;
  if (bits === 32) data.forEach((v, i) => view.setInt32(4 * i, v, true));
  else if (bits === 16) data.forEach((v, i) => view.setUint16(2 * i, v & 0xffff, true));
  else if (bits === 8 || bits === 4 || bits === 2) data.forEach((v, i) => (out[i] = v & 0xff));
  else if (bits === 6) {
    data.forEach((v, i) => {
      const bit = 6 * i;
      const code = v & 0x3f;
      const byte = bit >> 3;
      const shift = bit & 7;
      out[byte] = out[byte]! | ((code << shift) & 0xff);
      if (shift > 2) out[byte + 1] = out[byte + 1]! | (code >> (8 - shift));
    });
  }
}

export type TensorTypedArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

type TypedArrayCtor = { new (buffer: ArrayBufferLike, byteOffset: number, length: number): TensorTypedArray; BYTES_PER_ELEMENT: number };

function arrayTypeFor(dataType: number): TypedArrayCtor {
  switch (dataType) {
    case DataType.FLOAT:
    case DataType.COMPLEX64:
      return Float32Array;
    case DataType.DOUBLE:
    case DataType.COMPLEX128:
      return Float64Array;
    case DataType.INT8:
      return Int8Array;
    case DataType.INT16:
      return Int16Array;
    case DataType.UINT16:
    case DataType.FLOAT16:
    case DataType.BFLOAT16:
      return Uint16Array;
    case DataType.INT32:
      return Int32Array;
    case DataType.UINT32:
      return Uint32Array;
    case DataType.INT64:
      return BigInt64Array;
    case DataType.UINT64:
      return BigUint64Array;
    default:
      // uint8, bool, the 8-bit floats and the packed sub-byte types stay as bytes.
      return Uint8Array;
  }
}

/**
 * A tensor's values as the typed array onnxruntime-node uses for its dtype (float16/bfloat16 as Uint16Array bits,
 * complex as interleaved floats, sub-byte types as packed bytes). Shares memory with raw_data when it is aligned.
 */
export function tensorToTypedArray(origin: TensorOrigin, tensor: TensorProto): TensorTypedArray {
  if (tensor.dataType === DataType.FLOAT && tensorStorage(tensor) === 'float_data') {
    checkTensorData(tensor);
    return Float32Array.from(tensor.floatData);
  }
  const bytes = tensorBytes(origin, tensor);
  const Ctor = arrayTypeFor(tensor.dataType);
  const size = Ctor.BYTES_PER_ELEMENT;
  if (bytes.byteOffset % size === 0) return new Ctor(bytes.buffer, bytes.byteOffset, bytes.byteLength / size);
  const aligned = new Uint8Array(bytes.byteLength);
  aligned.set(bytes);
  return new Ctor(aligned.buffer, 0, bytes.byteLength / size);
}
