/**
 * ONNX tensor element types: their names (as onnxruntime-node spells them), bit widths and the typed arrays that
 * hold them in memory.
 */
import { TensorProto_DataType as DataType } from './generated/onnx_pb.js';

interface DataTypeInfo {
  readonly name: string;
  /** Bits per element in raw_data; 0 for strings, which have no fixed-width form. */
  readonly bits: number;
}

const DATA_TYPES: ReadonlyMap<number, DataTypeInfo> = new Map<number, DataTypeInfo>([
  [DataType.FLOAT, { name: 'float32', bits: 32 }],
  [DataType.UINT8, { name: 'uint8', bits: 8 }],
  [DataType.INT8, { name: 'int8', bits: 8 }],
  [DataType.UINT16, { name: 'uint16', bits: 16 }],
  [DataType.INT16, { name: 'int16', bits: 16 }],
  [DataType.INT32, { name: 'int32', bits: 32 }],
  [DataType.INT64, { name: 'int64', bits: 64 }],
  [DataType.STRING, { name: 'string', bits: 0 }],
  [DataType.BOOL, { name: 'bool', bits: 8 }],
  [DataType.FLOAT16, { name: 'float16', bits: 16 }],
  [DataType.DOUBLE, { name: 'float64', bits: 64 }],
  [DataType.UINT32, { name: 'uint32', bits: 32 }],
  [DataType.UINT64, { name: 'uint64', bits: 64 }],
  [DataType.COMPLEX64, { name: 'complex64', bits: 64 }],
  [DataType.COMPLEX128, { name: 'complex128', bits: 128 }],
  [DataType.BFLOAT16, { name: 'bfloat16', bits: 16 }],
  [DataType.FLOAT8E4M3FN, { name: 'float8e4m3fn', bits: 8 }],
  [DataType.FLOAT8E4M3FNUZ, { name: 'float8e4m3fnuz', bits: 8 }],
  [DataType.FLOAT8E5M2, { name: 'float8e5m2', bits: 8 }],
  [DataType.FLOAT8E5M2FNUZ, { name: 'float8e5m2fnuz', bits: 8 }],
  [DataType.UINT4, { name: 'uint4', bits: 4 }],
  [DataType.INT4, { name: 'int4', bits: 4 }],
  [DataType.FLOAT4E2M1, { name: 'float4e2m1', bits: 4 }],
  [DataType.FLOAT8E8M0, { name: 'float8e8m0', bits: 8 }],
  [DataType.UINT2, { name: 'uint2', bits: 2 }],
  [DataType.INT2, { name: 'int2', bits: 2 }],
  [DataType.FLOAT6E2M3, { name: 'float6e2m3', bits: 6 }],
  [DataType.FLOAT6E3M2, { name: 'float6e3m2', bits: 6 }],
]);

const BY_NAME: ReadonlyMap<string, number> = new Map([...DATA_TYPES].map(([code, info]) => [info.name, code]));

/** The onnxruntime-node name of an ONNX element type ("float32", "int64", …); "undefined" or "unknown(N)" otherwise. */
export function dtypeName(dataType: number): string {
  if (dataType === DataType.UNDEFINED) return 'undefined';
  return DATA_TYPES.get(dataType)?.name ?? `unknown(${dataType})`;
}

/** The ONNX element type code for an onnxruntime-node dtype name, or undefined. */
export function dtypeCode(name: string): number | undefined {
  return BY_NAME.get(name);
}

/** Whether the element type is one this version of ONNX defines (UNDEFINED is not). */
export function isKnownDataType(dataType: number): boolean {
  return DATA_TYPES.has(dataType);
}

/** Bits per element in raw_data (4 for int4, 6 for float6, …); undefined for strings and unknown types. */
export function dtypeBits(dataType: number): number | undefined {
  const bits = DATA_TYPES.get(dataType)?.bits;
  return bits === undefined || bits === 0 ? undefined : bits;
}

/** Bytes that `elementCount` elements of this type take in raw_data (sub-byte types packed, rounded up). */
export function rawByteLength(dataType: number, elementCount: number): number | undefined {
  const bits = dtypeBits(dataType);
  if (bits === undefined) return undefined;
  return bits % 8 === 0 ? elementCount * (bits / 8) : Math.ceil((elementCount * bits) / 8);
}
