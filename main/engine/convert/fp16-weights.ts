/**
 * The fp16-weights rewrite: each float32 initializer is stored as float16 and a Cast node restores the float32
 * tensor under its original name. ONNX Runtime folds those Casts when it loads the model (constant folding), so
 * the file is about half the size while every operator computes in float32 as before.
 */
import { create } from '@bufbuild/protobuf';
import { tensorElementCount, tensorToTypedArray, TensorProto_DataType as DataType, TensorProtoSchema, type TensorOrigin } from '../onnx/index.js';
import { toFloat16Array } from '../onnx/index.js';
import type { GraphEdit} from './graph-edit.js';
import { intAttr } from './graph-edit.js';

/** Smaller tensors stay float32: their Cast node would take more bytes than float16 saves. */
export const FP16_WEIGHTS_MIN_ELEMENTS = 16;

export interface Fp16WeightsResult {
  /** Initializers now stored as float16. */
  converted: string[];
  clampedValues: number;
  flushedValues: number;
}

/** Stores the float32 initializers of the main graph as float16 (see the file comment). */
export function storeWeightsAsFloat16(edit: GraphEdit, origin: TensorOrigin): Fp16WeightsResult {
  const graph = edit.graph;
  const graphInputs = new Set(graph.input.map((i) => i.name));
  const converted: string[] = [];
  let clampedValues = 0;
  let flushedValues = 0;
  const kept = [];
  for (const t of graph.initializer) {
    // An initializer that is also a graph input can be overridden by a feed of the original type: leave it.
    if (t.dataType !== DataType.FLOAT || graphInputs.has(t.name) || tensorElementCount(t) < FP16_WEIGHTS_MIN_ELEMENTS) {
      kept.push(t);
      continue;
    }
    const f16 = toFloat16Array(tensorToTypedArray(origin, t) as Float32Array);
    clampedValues += f16.clamped;
    flushedValues += f16.flushed;
    const stored = edit.unique(`${t.name}_fp16`);
    kept.push(create(TensorProtoSchema, { name: stored, dims: t.dims, dataType: DataType.FLOAT16, rawData: new Uint8Array(f16.bits.buffer) }));
    edit.addNode('Cast', [stored], [t.name], [intAttr('to', DataType.FLOAT)], `${t.name}_Cast`);
    converted.push(t.name);
  }
  graph.initializer = kept;
  edit.sort();
  return { converted, clampedValues, flushedValues };
}
