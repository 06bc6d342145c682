/** A graph input or output declaration: a tensor of one element type whose dims are numbers, names or unknown. */
import { create } from '@bufbuild/protobuf';
import {
  TensorShapeProto_DimensionSchema,
  TensorShapeProtoSchema,
  TypeProto_TensorSchema,
  TypeProtoSchema,
  ValueInfoProtoSchema,
  type ValueInfoProto,
} from './generated/onnx_pb.js';

/** `dims`: a number is a fixed size, a string a symbolic dim, null an unknown dim; `dims` null: no shape at all. */
export function tensorValueInfo(name: string, elemType: number, dims: ReadonlyArray<number | string | null> | null): ValueInfoProto {
  const tensorType = create(TypeProto_TensorSchema, { elemType });
  if (dims !== null) {
    tensorType.shape = create(TensorShapeProtoSchema, {
      dim: dims.map((d) =>
        create(TensorShapeProto_DimensionSchema, {
          value: typeof d === 'number' ? { case: 'dimValue', value: BigInt(d) } : typeof d === 'string' ? { case: 'dimParam', value: d } : { case: undefined },
        }),
      ),
    });
  }
  return create(ValueInfoProtoSchema, { name, type: create(TypeProtoSchema, { value: { case: 'tensorType', value: tensorType } }) });
}
