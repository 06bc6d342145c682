/**
 * The weights of a model: initializers (dense and sparse) and the values of Constant nodes. Exporters such as
 * paddle2onnx keep every weight in Constant nodes, so counting initializers alone would report an empty model.
 */
import { create } from '@bufbuild/protobuf';
import {
  TensorProto_DataType as DataType,
  TensorProtoSchema,
  type AttributeProto,
  type GraphProto,
  type ModelProto,
  type NodeProto,
  type TensorProto,
} from './generated/onnx_pb.js';
import { dtypeName } from './dtypes.js';
import { forEachGraph } from './graph-walk.js';
import { protoOf, type LoadedModel } from './loaded-model.js';
import { checkTensorData, tensorElementCount } from './tensor-data.js';

export interface WeightInfo {
  /** The initializer's name, or the Constant node's output name. */
  readonly name: string;
  readonly source: 'initializer' | 'sparse_initializer' | 'constant';
  /** The tensor holding the values; for value_float(s)/value_int(s) Constants a TensorProto built from them. */
  readonly tensor: TensorProto;
  readonly dtype: string;
  readonly dims: number[];
  readonly elementCount: number;
  /** Bytes the values take in raw form (string tensors: the summed string lengths). */
  readonly byteLength: number;
  /** The graph the weight belongs to (the main graph or a subgraph). */
  readonly graph: GraphProto;
  /** The Constant node, for source "constant". */
  readonly node?: NodeProto;
}

function attributeNamed(node: NodeProto, name: string): AttributeProto | undefined {
  return node.attribute.find((a) => a.name === name);
}

/**
 * The tensor a Constant node produces, from its value / value_float(s) / value_int(s) attribute; null for string or
 * sparse values and for nodes that are not Constants.
 */
export function constantValueTensor(node: NodeProto): TensorProto | null {
  if (node.opType !== 'Constant') return null;
  const value = attributeNamed(node, 'value');
  if (value?.t !== undefined) return value.t;
  const name = node.output[0] ?? '';
  const vf = attributeNamed(node, 'value_float');
  if (vf !== undefined) return create(TensorProtoSchema, { name, dataType: DataType.FLOAT, dims: [], floatData: [vf.f] });
  const vfs = attributeNamed(node, 'value_floats');
  if (vfs !== undefined) {
    return create(TensorProtoSchema, { name, dataType: DataType.FLOAT, dims: [BigInt(vfs.floats.length)], floatData: vfs.floats });
  }
  const vi = attributeNamed(node, 'value_int');
  if (vi !== undefined) return create(TensorProtoSchema, { name, dataType: DataType.INT64, dims: [], int64Data: [vi.i] });
  const vis = attributeNamed(node, 'value_ints');
  if (vis !== undefined) {
    return create(TensorProtoSchema, { name, dataType: DataType.INT64, dims: [BigInt(vis.ints.length)], int64Data: vis.ints });
  }
  return null;
}

function describe(tensor: TensorProto): Pick<WeightInfo, 'dtype' | 'dims' | 'elementCount' | 'byteLength'> {
  const elementCount = tensorElementCount(tensor);
  const raw = tensor.dataType === DataType.STRING ? undefined : checkTensorData(tensor);
  const byteLength = raw ?? tensor.stringData.reduce((sum, s) => sum + s.length, 0);
  return { dtype: dtypeName(tensor.dataType), dims: tensor.dims.map(Number), elementCount, byteLength };
}

/** Every weight of the model, in the main graph and all subgraphs, initializers first within each graph. */
export function weightsOf(modelOrLoaded: ModelProto | LoadedModel): WeightInfo[] {
  const model = protoOf(modelOrLoaded);
  const out: WeightInfo[] = [];
  forEachGraph(model, (graph) => {
    for (const tensor of graph.initializer) out.push({ name: tensor.name, source: 'initializer', tensor, graph, ...describe(tensor) });
    for (const sparse of graph.sparseInitializer) {
      if (sparse.values === undefined) continue;
      const tensor = sparse.values;
      out.push({ name: tensor.name, source: 'sparse_initializer', tensor, graph, ...describe(tensor) });
    }
    for (const node of graph.node) {
      if (node.opType !== 'Constant' || (node.domain !== '' && node.domain !== 'ai.onnx')) continue;
      const tensor = constantValueTensor(node);
      if (tensor === null) continue;
      out.push({ name: node.output[0] ?? tensor.name, source: 'constant', tensor, graph, node, ...describe(tensor) });
    }
  });
  return out;
}
