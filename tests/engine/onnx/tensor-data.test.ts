import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import {
  dtypeName,
  readModel,
  tensorBytes,
  tensorElementCount,
  tensorStorage,
  tensorToTypedArray,
  TensorProto_DataType as DT,
  TensorProtoSchema,
  weightsOf,
  type TensorProto,
} from '../../../main/engine/onnx/index.js';
import { DET_MODEL, REC_MODEL } from './model-builders.js';

const origin = { dir: '/nonexistent' };
const tensor = (init: MessageInitShape<typeof TensorProtoSchema>): TensorProto => create(TensorProtoSchema, init);

describe('dtype names', () => {
  it('match the names onnxruntime-node uses', () => {
    expect(
      [DT.FLOAT, DT.FLOAT16, DT.DOUBLE, DT.INT8, DT.UINT8, DT.INT16, DT.UINT16, DT.INT32, DT.UINT32, DT.INT64, DT.UINT64, DT.BOOL, DT.STRING, DT.INT4, DT.UINT4, DT.BFLOAT16].map(dtypeName),
    ).toEqual(['float32', 'float16', 'float64', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64', 'bool', 'string', 'int4', 'uint4', 'bfloat16']);
    expect(dtypeName(0)).toBe('undefined');
    expect(dtypeName(1234)).toBe('unknown(1234)');
  });
});

describe('tensor contents whatever the storage', () => {
  it('the empty Constant tensors of the det model (Resize roi) hold zero bytes', async () => {
    const model = await readModel(DET_MODEL);
    const empty = weightsOf(model.proto).filter((w) => tensorStorage(w.tensor) === 'none');
    expect(empty.length).toBe(6);
    for (const w of empty) {
      expect(w.elementCount).toBe(0);
      expect(tensorBytes(model, w.tensor).length).toBe(0);
      expect(tensorToTypedArray(model, w.tensor)).toBeInstanceOf(Float32Array);
    }
  });

  it('raw int32 and int64 Constants of the rec model come out as Int32Array and BigInt64Array', async () => {
    const model = await readModel(REC_MODEL);
    const weights = weightsOf(model.proto);
    const i64 = weights.find((w) => w.dtype === 'int64')!;
    const i32 = weights.find((w) => w.dtype === 'int32')!;
    const a64 = tensorToTypedArray(model, i64.tensor);
    const a32 = tensorToTypedArray(model, i32.tensor);
    expect(a64).toBeInstanceOf(BigInt64Array);
    expect(a32).toBeInstanceOf(Int32Array);
    expect(a64.length).toBe(i64.elementCount);
    const view = new DataView(i64.tensor.rawData.buffer, i64.tensor.rawData.byteOffset, i64.tensor.rawData.byteLength);
    expect(a64[0]).toBe(view.getBigInt64(0, true));
  });

  it('int32_data, int64_data, uint64_data and double_data pack to little-endian raw bytes', () => {
    const f32 = tensor({ dataType: DT.FLOAT, dims: [3n], floatData: [1.5, -0.25, 3e38] });
    expect(Array.from(new Float32Array(tensorBytes(origin, f32).buffer))).toEqual([1.5, -0.25, Math.fround(3e38)]);
    expect(Array.from(tensorToTypedArray(origin, f32) as Float32Array)).toEqual([1.5, -0.25, Math.fround(3e38)]);
    const f16 = tensor({ dataType: DT.FLOAT16, dims: [2n], int32Data: [0x3c00, 0xc000] });
    expect(Array.from(tensorBytes(origin, f16))).toEqual([0x00, 0x3c, 0x00, 0xc0]);
    expect(Array.from(tensorToTypedArray(origin, f16) as Uint16Array)).toEqual([0x3c00, 0xc000]);
    const i8 = tensor({ dataType: DT.INT8, dims: [3n], int32Data: [-1, 2, -128] });
    expect(Array.from(tensorToTypedArray(origin, i8) as Int8Array)).toEqual([-1, 2, -128]);
    const i4 = tensor({ dataType: DT.INT4, dims: [3n], int32Data: [0x21, 0x03] });
    expect(Array.from(tensorBytes(origin, i4))).toEqual([0x21, 0x03]);
    const i64 = tensor({ dataType: DT.INT64, dims: [2n], int64Data: [-2n, 1n << 40n] });
    expect(Array.from(tensorToTypedArray(origin, i64) as BigInt64Array)).toEqual([-2n, 1n << 40n]);
    const u32 = tensor({ dataType: DT.UINT32, dims: [2n], uint64Data: [7n, 4294967295n] });
    expect(Array.from(tensorToTypedArray(origin, u32) as Uint32Array)).toEqual([7, 4294967295]);
    const f64 = tensor({ dataType: DT.DOUBLE, dims: [1n], doubleData: [Math.PI] });
    expect((tensorToTypedArray(origin, f64) as Float64Array)[0]).toBe(Math.PI);
    const c64 = tensor({ dataType: DT.COMPLEX64, dims: [1n], floatData: [1, 2] });
    expect(tensorBytes(origin, c64).length).toBe(8);
    // float6: four 6-bit codes in three bytes, LSB first.
    const f6 = tensor({ dataType: DT.FLOAT6E2M3, dims: [4n], int32Data: [1, 2, 3, 63] });
    expect(Array.from(tensorBytes(origin, f6))).toEqual([1 | ((2 & 3) << 6), (2 >> 2) | ((3 & 0xf) << 4), (3 >> 4) | (63 << 2)].map((b) => b & 0xff));
  });

  it('copies unaligned raw_data into an aligned typed array instead of failing', () => {
    const backing = new Uint8Array(13);
    new DataView(backing.buffer).setFloat32(1, 1.5, true);
    new DataView(backing.buffer).setFloat32(5, -2, true);
    const t = tensor({ dataType: DT.FLOAT, dims: [2n], rawData: backing.subarray(1, 9) });
    expect(Array.from(tensorToTypedArray(origin, t) as Float32Array)).toEqual([1.5, -2]);
  });

  it('counts elements, with scalars as one and empty tensors as zero', () => {
    expect(tensorElementCount(tensor({ dims: [] }))).toBe(1);
    expect(tensorElementCount(tensor({ dims: [3n, 0n, 5n] }))).toBe(0);
    expect(tensorElementCount(tensor({ dims: [2n, 3n, 4n] }))).toBe(24);
  });
});
