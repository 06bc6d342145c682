/** I/O signatures as inspect reports them: dtype names and shapes with symbolic dims kept by name. */
import type { Dim, TensorSignature } from '../../../shared/model-info.js';
import type { TypeProto, ValueInfoProto } from './generated/onnx_pb.js';
import { dtypeName } from './dtypes.js';

/** A readable name for any ONNX type: "float32", "sequence(float32)", "map(int64,float32)", …; "unknown" if absent. */
export function typeName(type: TypeProto | undefined): string {
  const value = type?.value;
  switch (value?.case) {
    case 'tensorType':
      return dtypeName(value.value.elemType);
    case 'sparseTensorType':
      return `sparse_tensor(${dtypeName(value.value.elemType)})`;
    case 'sequenceType':
      return `sequence(${typeName(value.value.elemType)})`;
    case 'optionalType':
      return `optional(${typeName(value.value.elemType)})`;
    case 'mapType':
      return `map(${dtypeName(value.value.keyType)},${typeName(value.value.valueType)})`;
    case 'opaqueType':
      return `opaque(${value.value.domain}.${value.value.name})`;
    default:
      return 'unknown';
  }
}

/** Dimensions of a tensor type: numbers, symbolic names, or null per unknown dim; null when there is no shape. */
export function typeShape(type: TypeProto | undefined): Dim[] | null {
  const value = type?.value;
  if (value?.case !== 'tensorType' && value?.case !== 'sparseTensorType') return null;
  const shape = value.value.shape;
  if (shape === undefined) return null;
  return shape.dim.map((d): Dim => {
    if (d.value.case === 'dimValue') {
      const n = Number(d.value.value);
      return Number.isSafeInteger(n) ? n : null;
    }
    if (d.value.case === 'dimParam' && d.value.value !== '') return d.value.value;
    return null;
  });
}

/** The signature inspect reports for a graph input or output. */
export function signatureOf(value: ValueInfoProto): TensorSignature {
  return { name: value.name, dtype: typeName(value.type), shape: typeShape(value.type) };
}

/** The shape if every dim is a known non-negative number, else null. */
export function concreteShape(shape: readonly Dim[] | null): number[] | null {
  if (shape === null) return null;
  const out: number[] = [];
  for (const d of shape) {
    if (typeof d !== 'number' || d < 0) return null;
    out.push(d);
  }
  return out;
}
