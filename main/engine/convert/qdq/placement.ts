/**
 * Which operators int8-static may run as integer kernels and how each tensor around them gets its quantization,
 * decided before calibration: weighted operators (Conv/MatMul/Gemm) and the weightless ones ONNX Runtime has
 * integer kernels for take calibrated ranges; pass-through operators (Reshape, MaxPool, Resize …) give their output
 * the input's scale and zero point; a Mul or Div by a positive scalar constant becomes a scaled DequantizeLinear of
 * its input; a Relu or Clip that is the only reader of a quantized operator's output is folded into it (its
 * QuantizeLinear, over a range inside the activation's bounds, saturates exactly as the activation did).
 */
import { nodeSubgraphs, normalizeDomain, tensorToTypedArray, TensorProto_DataType as DataType, type GraphProto, type NodeProto, type TensorOrigin } from '../../onnx/index.js';
import type { GraphEdit } from '../graph-edit.js';
import { isFloat32, type TensorTypes } from '../tensor-types.js';
import { nodeLabel, type Exclusion, type WeightedNode } from '../weighted-nodes.js';
import { FUSED_WEIGHTED_OPS, INTEGER_KERNEL_OPS, PASS_THROUGH_OPS, SATURATING_ACTIVATIONS } from './operator-roles.js';

/**
 * weighted: Conv/MatMul/Gemm fused with its int8 weight; integer: a weightless integer kernel; activation: a Relu or
 * Clip ONNX Runtime removes in front of a QuantizeLinear; pass-through: runs on the 8-bit data with the input's
 * scale; scale: a Mul/Div by a positive scalar, replaced by a DequantizeLinear with the scale multiplied.
 */
export type NodeRole = 'weighted' | 'integer' | 'activation' | 'pass-through' | 'scale';

export interface PlacedNode {
  node: NodeProto;
  label: string;
  role: NodeRole;
  /** Float activations read (constants excluded). */
  inputs: string[];
  /** Float32 constants read (integer ops quantize them from their values). */
  constants: string[];
  outputs: string[];
}

/** A tensor whose quantization follows another's: same integer data, scale multiplied by `factor`. */
export interface DerivedTensor {
  from: string;
  factor: number;
  /** pass-through: the op runs on the 8-bit data (the tensor gets its own Q/DQ with the same parameters); scale: the op is removed. */
  via: 'pass-through' | 'scale';
  node: NodeProto;
}

/** A Relu/Clip folded into the QuantizeLinear of the only operator it reads from. */
export interface ActivationFold {
  activation: NodeProto;
  label: string;
  producer: NodeProto;
  /** The producer's own output, which disappears when the fold holds. */
  before: string;
  /** The activation's output, which the producer then writes. */
  after: string;
}

export interface PlacementPlan {
  /** Operators that can run as integer kernels (weighted ones among them), by node. */
  nodes: Map<NodeProto, PlacedNode>;
  derived: Map<string, DerivedTensor>;
  /** Clip bounds of tensors written by a saturating activation (folded or not). */
  bounds: Map<string, { lo: number; hi: number }>;
  folds: ActivationFold[];
  /** Producer and readers of each tensor as they are once the folds are applied. */
  producer: Map<string, NodeProto>;
  readers: Map<string, NodeProto[]>;
  graphOutputs: Set<string>;
  /** Tensors calibration must observe, with the axis their channels lie on. */
  observe: Map<string, 'first' | 'last'>;
  /**
   * Outputs of operators the user keeps float: never quantized, or ONNX Runtime would fuse DQ → op → Q into an
   * integer kernel all the same. The reason, by tensor.
   */
  blocked: Map<string, string>;
  excluded: Exclusion[];
}

/** A float32 initializer's values, or null. */
function constantValues(edit: GraphEdit, origin: TensorOrigin, name: string): Float32Array | null {
  const t = edit.initializer(name);
  return t !== undefined && t.dataType === DataType.FLOAT ? (tensorToTypedArray(origin, t) as Float32Array) : null;
}

/** The bounds of a Relu or of a Clip with constant (or absent) min/max, when they contain 0. */
export function activationBounds(edit: GraphEdit, origin: TensorOrigin, node: NodeProto): { lo: number; hi: number } | null {
  if (node.opType === 'Relu') return { lo: 0, hi: Infinity };
  const bound = (i: number, fallback: number): number | null => {
    const name = node.input[i] ?? '';
    if (name === '') return fallback;
    const v = constantValues(edit, origin, name);
    return v !== null && v.length === 1 ? v[0]! : null;
  };
  const lo = bound(1, -Infinity);
  const hi = bound(2, Infinity);
  return lo !== null && hi !== null && lo <= 0 && hi >= 0 ? { lo, hi } : null;
}

/** The factor of a Mul/Div by one positive finite float32 constant, and the tensor it scales. */
function scalarScale(edit: GraphEdit, origin: TensorOrigin, node: NodeProto): { from: string; factor: number } | null {
  if ((node.opType !== 'Mul' && node.opType !== 'Div') || node.input.length !== 2) return null;
  const slots = node.opType === 'Div' ? [1] : [1, 0];
  for (const k of slots) {
    const v = constantValues(edit, origin, node.input[k]!);
    const from = node.input[1 - k]!;
    if (v === null || v.length !== 1 || edit.initializer(from) !== undefined) continue;
    const c = node.opType === 'Div' ? 1 / v[0]! : v[0]!;
    if (c > 0 && Number.isFinite(c)) return { from, factor: c };
  }
  return null;
}

function classify(edit: GraphEdit, origin: TensorOrigin, types: TensorTypes, node: NodeProto): Omit<PlacedNode, 'node' | 'label'> | string | null {
  const op = node.opType;
  const floatOut = node.output.length > 0 && node.output.every((o) => o !== '' && isFloat32(types, o));
  if (PASS_THROUGH_OPS.has(op)) {
    const x = node.input[0] ?? '';
    if (!isFloat32(types, x) || edit.initializer(x) !== undefined || !floatOut) return null;
    if (op === 'MaxPool' && node.output.length !== 1) return 'MaxPool with an Indices output has no 8-bit form';
    return { role: 'pass-through', inputs: [x], constants: [], outputs: [...node.output] };
  }
  if (SATURATING_ACTIVATIONS.has(op)) {
    const x = node.input[0] ?? '';
    if (!isFloat32(types, x) || !floatOut || activationBounds(edit, origin, node) === null) return null;
    return { role: 'activation', inputs: [x], constants: [], outputs: [node.output[0]!] };
  }
  if (!INTEGER_KERNEL_OPS.has(op) || !floatOut || node.output.length !== 1) return null;
  const scaled = scalarScale(edit, origin, node);
  if (scaled !== null && isFloat32(types, scaled.from)) return { role: 'scale', inputs: [scaled.from], constants: [], outputs: [node.output[0]!] };
  const inputs: string[] = [];
  const constants: string[] = [];
  for (const i of node.input) {
    if (i === '') continue;
    if (!isFloat32(types, i)) return `its input ${i} is not float32`;
    if (edit.initializer(i) !== undefined) constants.push(i);
    else if (!inputs.includes(i)) inputs.push(i);
  }
  if (inputs.length === 0) return 'it only reads constants';
  return { role: 'integer', inputs, constants, outputs: [node.output[0]!] };
}

/** Names read by nodes inside If/Loop/Scan bodies (outer-scope tensors among them), at any depth. */
function readInSubgraphs(graph: GraphProto): Set<string> {
  const names = new Set<string>();
  const visit = (g: GraphProto): void => {
    for (const n of g.node) {
      for (const i of n.input) names.add(i);
      for (const sub of nodeSubgraphs(n)) visit(sub);
    }
  };
  for (const n of graph.node) for (const sub of nodeSubgraphs(n)) visit(sub);
  return names;
}

export interface PlacementOptions {
  excludeNodes: ReadonlySet<string>;
  excludeOps: ReadonlySet<string>;
}

/** Decides the roles, derived tensors and folds of int8-static on the prepared graph (nothing is rewritten yet). */
export function planPlacement(edit: GraphEdit, origin: TensorOrigin, types: TensorTypes, weighted: readonly WeightedNode[], options: PlacementOptions): PlacementPlan {
  const nodes = new Map<NodeProto, PlacedNode>();
  const excluded: Exclusion[] = [];
  const blocked = new Map<string, string>();
  for (const w of weighted) {
    if (!FUSED_WEIGHTED_OPS.has(w.node.opType)) continue;
    nodes.set(w.node, { node: w.node, label: w.label, role: 'weighted', inputs: [w.activation], constants: [], outputs: w.node.output.filter((o) => o !== '') });
  }
  const weightedNodes = new Set(weighted.map((w) => w.node));
  edit.graph.node.forEach((node, index) => {
    if (weightedNodes.has(node) || normalizeDomain(node.domain) !== '') return;
    const role = classify(edit, origin, types, node);
    if (role === null) return;
    const label = nodeLabel(node, index);
    if (typeof role === 'string') return excluded.push({ name: label, reason: role });
    const userReason = options.excludeNodes.has(node.name) ? 'excluded by --exclude-nodes' : options.excludeOps.has(node.opType) ? `excluded by --exclude-ops (${node.opType})` : null;
    if (userReason !== null) {
      for (const o of node.output) if (o !== '') blocked.set(o, `written by ${label}, ${userReason}`);
      return excluded.push({ name: label, reason: userReason });
    }
    nodes.set(node, { node, label, ...role });
  });

  const graphOutputs = new Set(edit.graph.output.map((o) => o.name));
  const producer = new Map<string, NodeProto>();
  const readers = new Map<string, NodeProto[]>();
  for (const node of edit.graph.node) {
    for (const o of node.output) if (o !== '') producer.set(o, node);
    for (const i of new Set(node.input)) if (i !== '') readers.set(i, [...(readers.get(i) ?? []), node]);
  }

  // A folded activation's output (unclipped until its QuantizeLinear) or a removed scaling's output must not be
  // read from inside a control-flow body, which would see the raw value or nothing.
  const outerReads = readInSubgraphs(edit.graph);
  const bounds = new Map<string, { lo: number; hi: number }>();
  const folds: ActivationFold[] = [];
  for (const placed of [...nodes.values()]) {
    if (placed.role !== 'activation') continue;
    const a = placed.node;
    const b = activationBounds(edit, origin, a)!;
    const [x, y] = [a.input[0]!, a.output[0]!];
    bounds.set(y, b);
    const p = producer.get(x);
    const owner = p === undefined ? undefined : nodes.get(p);
    const foldable =
      owner !== undefined &&
      (owner.role === 'weighted' || owner.role === 'integer') &&
      readers.get(x)?.length === 1 &&
      !graphOutputs.has(x) &&
      !graphOutputs.has(y) &&
      !outerReads.has(x) &&
      !outerReads.has(y);
    if (!foldable) continue;
    folds.push({ activation: a, label: placed.label, producer: p!, before: x, after: y });
    nodes.delete(a);
    owner.outputs = owner.outputs.map((o) => (o === x ? y : o));
    producer.set(y, p!);
    producer.delete(x);
    readers.delete(x);
  }

  const derived = new Map<string, DerivedTensor>();
  for (const placed of nodes.values()) {
    if (placed.role === 'pass-through') {
      for (const o of placed.outputs) derived.set(o, { from: placed.inputs[0]!, factor: 1, via: 'pass-through', node: placed.node });
    } else if (placed.role === 'scale') {
      const s = scalarScale(edit, origin, placed.node)!;
      if (!outerReads.has(placed.outputs[0]!)) derived.set(placed.outputs[0]!, { from: s.from, factor: s.factor, via: 'scale', node: placed.node });
      else Object.assign(placed, { role: 'integer', constants: placed.node.input.filter((i) => i !== s.from) });
    }
  }

  // Every float tensor a candidate reads or writes is observed, derived ones too (their own range is the fallback
  // when the tensor they follow stays float).
  const observe = new Map<string, 'first' | 'last'>();
  const matrixOps = new Set(['MatMul', 'Gemm']);
  for (const placed of nodes.values()) {
    for (const t of [...placed.inputs, ...placed.outputs]) {
      if (observe.has(t) || graphOutputs.has(t)) continue;
      const touching = [producer.get(t), ...(readers.get(t) ?? [])];
      observe.set(t, touching.some((n) => n !== undefined && matrixOps.has(n.opType)) ? 'last' : 'first');
    }
  }
  return { nodes, derived, bounds, folds, producer, readers, graphOutputs, observe, blocked, excluded };
}
