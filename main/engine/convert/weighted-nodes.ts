/**
 * Which nodes an int8 recipe quantizes: Conv, ConvTranspose, MatMul and Gemm whose weight is a constant float32
 * tensor (an initializer, Constant nodes having been lifted), minus what the user excluded. Every candidate left in
 * float is reported with the reason.
 */
import { forEachGraph, normalizeDomain, tensorElementCount, TensorProto_DataType as DataType, type NodeProto, type TensorProto } from '../onnx/index.js';
import type { ModelProto } from '../onnx/index.js';
import { attrInt, type GraphEdit } from './graph-edit.js';
import { isFloat32, type TensorTypes } from './tensor-types.js';

export interface WeightedNode {
  node: NodeProto;
  /** Display name: the node's name, or "#index (OpType)" when it has none. */
  label: string;
  /** Input slot of the activation and of the weight. */
  activation: string;
  weight: TensorProto;
  /** Axis of the weight along which output channels lie (per-channel scales). */
  channelAxis: number;
  /** The float32 bias initializer, when it can be quantized with the weight's channel scales. */
  bias: TensorProto | null;
}

export interface Exclusion {
  name: string;
  reason: string;
}

export interface NodeSelection {
  selected: WeightedNode[];
  excluded: Exclusion[];
}

export interface SelectionOptions {
  ops: ReadonlySet<string>;
  excludeNodes: ReadonlySet<string>;
  excludeOps: ReadonlySet<string>;
}

export function nodeLabel(node: NodeProto, index: number): string {
  return node.name !== '' ? node.name : `#${index} (${node.opType})`;
}

function floatInitializer(edit: GraphEdit, name: string | undefined): TensorProto | null {
  if (name === undefined || name === '') return null;
  const t = edit.initializer(name);
  return t !== undefined && t.dataType === DataType.FLOAT ? t : null;
}

/** The weight's channel axis and usable bias for one candidate, or the reason it stays float. */
function describe(node: NodeProto, edit: GraphEdit): Omit<WeightedNode, 'node' | 'label' | 'activation'> | string {
  const op = node.opType;
  const weight = floatInitializer(edit, node.input[1]);
  if (weight === null) {
    return edit.initializer(node.input[1] ?? '') !== undefined
      ? 'its weight is not float32'
      : op === 'MatMul'
        ? 'both inputs are computed at run time (e.g. attention scores): no constant weight to quantize'
        : 'its weight is computed at run time, not a constant';
  }
  const rank = weight.dims.length;
  const biasTensor = floatInitializer(edit, node.input[2]);
  const biasLength = biasTensor !== null && biasTensor.dims.length === 1 ? tensorElementCount(biasTensor) : -1;
  if (op === 'Conv') {
    if (rank < 3) return `its weight has rank ${rank}, not a convolution kernel`;
    const m = Number(weight.dims[0]);
    return { weight, channelAxis: 0, bias: biasLength === m ? biasTensor : null };
  }
  if (op === 'ConvTranspose') {
    if (rank < 3) return `its weight has rank ${rank}, not a convolution kernel`;
    const group = attrInt(node, 'group', 1);
    const m = Number(weight.dims[1]) * group;
    return { weight, channelAxis: 1, bias: group === 1 && biasLength === m ? biasTensor : null };
  }
  if (op === 'MatMul') {
    if (rank !== 2) return `its constant input has rank ${rank}; only 2-D weights are quantized`;
    return { weight, channelAxis: 1, bias: null };
  }
  if (op === 'Gemm') {
    if (attrInt(node, 'transA', 0) !== 0) return 'Gemm with transA=1 is kept in float';
    if (rank !== 2) return `its weight has rank ${rank}`;
    const transB = attrInt(node, 'transB', 0);
    const axis = transB === 1 ? 0 : 1;
    const n = Number(weight.dims[axis]);
    const plainScale = node.attribute.every((a) => (a.name !== 'alpha' && a.name !== 'beta') || a.f === 1);
    return { weight, channelAxis: axis, bias: plainScale && biasLength === n ? biasTensor : null };
  }
  return `operator ${op} is not quantized by this recipe`;
}

/** Picks the nodes to quantize among `options.ops` in the main graph; lists those left in float and why. */
export function selectWeightedNodes(proto: ModelProto, edit: GraphEdit, types: TensorTypes, options: SelectionOptions): NodeSelection {
  const selected: WeightedNode[] = [];
  const excluded: Exclusion[] = [];
  edit.graph.node.forEach((node, index) => {
    if (normalizeDomain(node.domain) !== '' || !options.ops.has(node.opType)) return;
    const label = nodeLabel(node, index);
    if (options.excludeNodes.has(node.name)) return excluded.push({ name: label, reason: 'excluded by --exclude-nodes' });
    if (options.excludeOps.has(node.opType)) return excluded.push({ name: label, reason: `excluded by --exclude-ops (${node.opType})` });
    const activation = node.input[0] ?? '';
    if (!isFloat32(types, activation) || edit.initializer(activation) !== undefined) {
      return excluded.push({ name: label, reason: `its input ${activation} is not a float32 activation` });
    }
    const info = describe(node, edit);
    if (typeof info === 'string') return excluded.push({ name: label, reason: info });
    selected.push({ node, label, activation, ...info });
  });
  // Nodes inside If/Loop/Scan bodies are not rewritten: say so rather than skip them silently.
  forEachGraph(proto, (graph, depth) => {
    if (depth === 0) return;
    graph.node.forEach((node, index) => {
      if (options.ops.has(node.opType) && normalizeDomain(node.domain) === '') {
        excluded.push({ name: nodeLabel(node, index), reason: 'inside a control-flow subgraph (If/Loop/Scan), which this recipe leaves in float' });
      }
    });
  });
  return { selected, excluded };
}
