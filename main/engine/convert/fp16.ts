/**
 * The fp16 rewrite: float32 weights and activations become float16, graph inputs and outputs stay float32
 * (a Cast after each input and before each output), and a documented block list of operators keeps computing in
 * float32 with Casts around them. Casts are shared per tensor and Cast chains that go back to where they started
 * are removed, so no tensor is converted twice.
 */
import { create } from '@bufbuild/protobuf';
import {
  normalizeDomain,
  nodeSubgraphs,
  tensorToTypedArray,
  TensorProto_DataType as DataType,
  TensorProtoSchema,
  type GraphProto,
  type NodeProto,
  type TensorOrigin,
} from '../onnx/index.js';
import { toFloat16Array } from '../onnx/index.js';
import { attrInt, GraphEdit, intAttr } from './graph-edit.js';
import type { TensorTypes } from './tensor-types.js';
import { nodeLabel, type Exclusion } from './weighted-nodes.js';

/**
 * Operators kept in float32, and why. Interpolation and index-producing ops (Resize, TopK, NonMaxSuppression,
 * RoiAlign, Range, CumSum, …) need float32 to give the same coordinates, orderings and running sums; random
 * generators and attribute-valued producers would need their attributes rewritten for little gain.
 */
export const FP16_BLOCKED_OPS: ReadonlyMap<string, string> = new Map([
  ['Resize', 'interpolation coordinates and scales need float32'],
  ['Upsample', 'interpolation coordinates and scales need float32'],
  ['TopK', 'orderings of near-equal values change in float16'],
  ['NonMaxSuppression', 'box overlaps and score orderings need float32'],
  ['RoiAlign', 'box coordinates need float32'],
  ['Range', 'float16 cannot count exactly beyond 2048'],
  ['CumSum', 'running sums lose precision in float16'],
  ['Min', 'kept float32 like ONNX converter tools do'],
  ['Max', 'kept float32 like ONNX converter tools do'],
  ['RandomNormal', 'random generator'],
  ['RandomUniform', 'random generator'],
  ['RandomNormalLike', 'random generator'],
  ['RandomUniformLike', 'random generator'],
  ['Multinomial', 'random generator'],
  ['Bernoulli', 'random generator'],
  ['EyeLike', 'its output type comes from an attribute'],
  ['ConstantOfShape', 'its value comes from an attribute'],
  ['Constant', 'its value comes from an attribute'],
]);

export interface Fp16Settings {
  excludeNodes: ReadonlySet<string>;
  excludeOps: ReadonlySet<string>;
}

export interface Fp16Result {
  /** Nodes computing in float16. */
  converted: string[];
  excluded: Exclusion[];
  clampedValues: number;
  flushedValues: number;
}

function blockReason(node: NodeProto, settings: Fp16Settings): string | null {
  if (settings.excludeNodes.has(node.name)) return 'excluded by --exclude-nodes';
  if (settings.excludeOps.has(node.opType)) return `excluded by --exclude-ops (${node.opType})`;
  const domain = normalizeDomain(node.domain);
  if (domain !== '') return `operator of domain ${domain}: kept float32`;
  if (nodeSubgraphs(node).length > 0) return 'control flow (If/Loop/Scan) with a subgraph: kept float32';
  const reason = FP16_BLOCKED_OPS.get(node.opType);
  return reason === undefined ? null : `kept float32: ${reason}`;
}

/** Renames every read of `from` to `to` inside a subgraph (and its nested subgraphs). */
function renameInSubgraph(graph: GraphProto, from: string, to: string): void {
  for (const n of graph.node) {
    n.input = n.input.map((i) => (i === from ? to : i));
    for (const sub of nodeSubgraphs(n)) renameInSubgraph(sub, from, to);
  }
}

/** Names a subgraph reads from its enclosing scopes. */
function capturedNames(graph: GraphProto): Set<string> {
  const defined = new Set<string>([...graph.input.map((i) => i.name), ...graph.initializer.map((t) => t.name)]);
  for (const n of graph.node) for (const o of n.output) defined.add(o);
  const out = new Set<string>();
  for (const n of graph.node) {
    for (const i of n.input) if (i !== '' && !defined.has(i)) out.add(i);
    for (const sub of nodeSubgraphs(n)) for (const i of capturedNames(sub)) if (!defined.has(i)) out.add(i);
  }
  return out;
}

/** Converts the main graph to float16 in place (see the file comment). */
export function convertToFloat16(edit: GraphEdit, origin: TensorOrigin, types: TensorTypes, settings: Fp16Settings): Fp16Result {
  const graph = edit.graph;
  const isF32 = (name: string): boolean => types.get(name)?.dtype === 'float32';
  const original = [...graph.node];
  const blocked = new Map<NodeProto, string>();
  for (const node of original) {
    const reason = blockReason(node, settings);
    if (reason !== null) blocked.set(node, reason);
  }

  // Which tensors become float16: float outputs of converted nodes, and float initializers a converted node reads.
  const half = new Set<string>();
  for (const node of original) {
    if (blocked.has(node)) continue;
    for (const o of node.output) if (o !== '' && isF32(o)) half.add(o);
    for (const i of node.input) if (i !== '' && isF32(i) && edit.initializer(i) !== undefined) half.add(i);
  }

  // Graph outputs computed in float16 get a Cast back to float32 under their own name.
  for (const out of graph.output) {
    if (!half.has(out.name) || edit.initializer(out.name) !== undefined) continue;
    const inner = edit.unique(`${out.name}_fp16`);
    for (const node of original) {
      node.output = node.output.map((o) => (o === out.name ? inner : o));
      GraphEdit.rewire(node, out.name, inner);
    }
    half.delete(out.name);
    half.add(inner);
    edit.addNode('Cast', [inner], [out.name], [intAttr('to', DataType.FLOAT)]);
  }

  const casts = new Map<string, string>();
  const castTo = (tensor: string, to: DataType.FLOAT | DataType.FLOAT16): string => {
    const key = `${tensor}|${to}`;
    let name = casts.get(key);
    if (name === undefined) {
      name = edit.unique(`${tensor}_${to === DataType.FLOAT16 ? 'fp16' : 'fp32'}`);
      edit.addNode('Cast', [tensor], [name], [intAttr('to', to)]);
      casts.set(key, name);
    }
    return name;
  };

  for (const node of original) {
    const isBlocked = blocked.has(node);
    node.input = node.input.map((i) => {
      if (i === '') return i;
      if (!isBlocked && isF32(i) && !half.has(i)) return castTo(i, DataType.FLOAT16);
      if (isBlocked && half.has(i)) return castTo(i, DataType.FLOAT);
      return i;
    });
    if (isBlocked) {
      for (const sub of nodeSubgraphs(node)) {
        for (const name of capturedNames(sub)) if (half.has(name)) renameInSubgraph(sub, name, castTo(name, DataType.FLOAT));
      }
    } else if (node.opType === 'Cast' && attrInt(node, 'to', 0) === DataType.FLOAT) {
      node.attribute = node.attribute.filter((a) => a.name !== 'to');
      node.attribute.push(intAttr('to', DataType.FLOAT16));
    }
  }

  let clampedValues = 0;
  let flushedValues = 0;
  graph.initializer = graph.initializer.map((t) => {
    if (!half.has(t.name) || t.dataType !== DataType.FLOAT) return t;
    const f16 = toFloat16Array(tensorToTypedArray(origin, t) as Float32Array);
    clampedValues += f16.clamped;
    flushedValues += f16.flushed;
    const bytes = new Uint8Array(f16.bits.buffer);
    return create(TensorProtoSchema, { name: t.name, dims: t.dims, dataType: DataType.FLOAT16, rawData: bytes });
  });
  graph.valueInfo = graph.valueInfo.filter((v) => !half.has(v.name));

  removeRedundantCasts(edit, (name) => (half.has(name) ? 'float16' : types.get(name)?.dtype));
  edit.removeUnusedInitializers();
  edit.sort();

  const converted: string[] = [];
  const excluded: Exclusion[] = [];
  original.forEach((node, index) => {
    const touchesFloat = [...node.input, ...node.output].some((n) => n !== '' && (isF32(n) || half.has(n)));
    if (!touchesFloat) return;
    const reason = blocked.get(node);
    if (reason !== undefined) excluded.push({ name: nodeLabel(node, index), reason });
    else converted.push(nodeLabel(node, index));
  });
  return { converted, excluded, clampedValues, flushedValues };
}

const CAST_TYPES: Record<number, string> = { [DataType.FLOAT]: 'float32', [DataType.FLOAT16]: 'float16', [DataType.DOUBLE]: 'float64' };

/**
 * Removes Casts to the type their input already has, and Cast → Cast chains that return to the first input's
 * type (their consumers read the first input directly); Casts left without readers are dropped.
 */
export function removeRedundantCasts(edit: GraphEdit, typeOf: (name: string) => string | undefined): number {
  const graph = edit.graph;
  const outputs = new Set(graph.output.map((o) => o.name));
  const castType = (node: NodeProto): string | undefined => CAST_TYPES[attrInt(node, 'to', 0)];
  const typeAfter = (name: string): string | undefined => {
    const producer = graph.node.find((n) => n.output.includes(name));
    return producer?.opType === 'Cast' ? castType(producer) : typeOf(name);
  };
  // Tensors read inside subgraphs keep their Casts: renaming them would mean editing the subgraphs too.
  const captured = new Set<string>();
  for (const n of graph.node) for (const sub of nodeSubgraphs(n)) for (const name of capturedNames(sub)) captured.add(name);
  let removed = 0;
  for (let changed = true; changed; ) {
    changed = false;
    for (const node of graph.node) {
      if (node.opType !== 'Cast' || normalizeDomain(node.domain) !== '') continue;
      const out = node.output[0]!;
      if (outputs.has(out) || captured.has(out)) continue;
      const input = node.input[0]!;
      const target = castType(node);
      let replacement: string | null = null;
      if (target !== undefined && typeAfter(input) === target) replacement = input;
      const producer = graph.node.find((n) => n.output.includes(input));
      if (replacement === null && producer?.opType === 'Cast' && target !== undefined && typeAfter(producer.input[0]!) === target) {
        replacement = producer.input[0]!;
      }
      if (replacement === null) continue;
      for (const consumer of graph.node) if (consumer !== node) GraphEdit.rewire(consumer, out, replacement);
      graph.node = graph.node.filter((n) => n !== node);
      removed++;
      changed = true;
      break;
    }
    // Casts nobody reads any more.
    const read = new Set<string>([...graph.output.map((o) => o.name), ...graph.node.flatMap((n) => n.input), ...captured]);
    const before = graph.node.length;
    graph.node = graph.node.filter((n) => n.opType !== 'Cast' || n.output.some((o) => read.has(o)));
    if (graph.node.length !== before) {
      removed += before - graph.node.length;
      changed = true;
    }
  }
  return removed;
}
