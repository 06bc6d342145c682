/**
 * Raises a model's default-domain opset (per-channel QuantizeLinear/DequantizeLinear need 13), rewriting the
 * operators whose signature changed between the model's opset and the target: attributes that became inputs
 * (Slice, TopK, Clip, Pad, Squeeze, Unsqueeze, Split, ReduceSum; the other reductions in 18), Upsample and Resize-10 to Resize with the same
 * coordinates, Scatter to ScatterElements, Dropout's ratio, and Softmax/LogSoftmax/Hardmax, whose axis semantics
 * changed in opset 13. Unlike ONNX Runtime's Python quantizer, which only relabels the opset, every rewrite here
 * keeps the model's results. From opsets 7 and 8 also: BatchNormalization's `spatial` and Upsample's `scales`
 * attributes. Opsets below 7 (the old broadcast semantics) are refused.
 */
import { ParityError } from '../../../shared/errors.js';
import {
  dtypeCode,
  forEachGraph,
  normalizeDomain,
  OperatorSetIdProtoSchema,
  TensorProto_DataType as DataType,
  type GraphProto,
  type ModelProto,
  type NodeProto,
} from '../onnx/index.js';
import { create } from '@bufbuild/protobuf';
import { attr, attrFloat, attrInt, attrInts, attrString, GraphEdit, int64Tensor, intAttr, makeTensor, removeAttr, stringAttr } from './graph-edit.js';
import type { TensorTypes } from './tensor-types.js';
import { toFloat16Bits } from '../onnx/float16.js';

export const MIN_UPGRADABLE_OPSET = 7;

/** The model's default-domain opset version (1 when none is declared, as ONNX specifies). */
export function defaultOpset(proto: ModelProto): number {
  const entry = proto.opsetImport.find((o) => normalizeDomain(o.domain) === '');
  return entry === undefined ? 1 : Number(entry.version);
}

function scalarOfType(name: string, dtype: string, value: number): ReturnType<typeof makeTensor> {
  const code = dtypeCode(dtype) ?? DataType.FLOAT;
  if (code === DataType.FLOAT16) return makeTensor(name, DataType.FLOAT16, [], Uint16Array.of(toFloat16Bits(value)));
  if (code === DataType.DOUBLE) return makeTensor(name, DataType.DOUBLE, [], Float64Array.of(value));
  return makeTensor(name, DataType.FLOAT, [], Float32Array.of(value));
}

interface Upgrader {
  /** Opset in which the operator's signature changed; nodes from a lower opset are rewritten. */
  readonly since: number;
  rewrite(node: NodeProto, edit: GraphEdit, types: TensorTypes, from: number): void;
}

/**
 * An INTS attribute as exact int64 values. Exporters write "to the end" as INT64_MAX (9223372036854775807), which a
 * JavaScript number rounds to 2^63 and BigInt64Array then wraps to INT64_MIN: a Slice to the end would become empty.
 */
function attrInt64s(node: NodeProto, name: string): bigint[] | undefined {
  return attr(node, name)?.ints.map((v) => BigInt(v));
}

function int64s(name: string, values: readonly bigint[]): ReturnType<typeof makeTensor> {
  return makeTensor(name, DataType.INT64, [values.length], BigInt64Array.from(values));
}

function attrToInput(attribute: string, slot: number) {
  return (node: NodeProto, edit: GraphEdit): void => {
    const values = attrInt64s(node, attribute);
    removeAttr(node, attribute);
    if (values === undefined) return;
    const name = edit.unique(`${node.output[0]}_${attribute}`);
    edit.addInitializer(int64s(name, values));
    while (node.input.length < slot) node.input.push('');
    node.input[slot] = name;
  };
}

/** Softmax-1/11 flattens to 2-D at `axis`; from 13 it works along one axis. Equal when axis is the last one. */
function rewriteSoftmax(node: NodeProto, edit: GraphEdit, types: TensorTypes): void {
  const axis = attrInt(node, 'axis', 1);
  const rank = types.get(node.input[0] ?? '')?.rank ?? null;
  if (axis === -1 || (rank !== null && axis === rank - 1)) {
    removeAttr(node, 'axis');
    node.attribute.push(intAttr('axis', -1));
    return;
  }
  const x = node.input[0]!;
  const y = node.output[0]!;
  const flat = edit.unique(`${y}_flat`);
  const shape = edit.unique(`${y}_shape`);
  const inner = edit.unique(`${y}_2d`);
  edit.addNode('Flatten', [x], [flat], [intAttr('axis', axis)]);
  edit.addNode('Shape', [x], [shape]);
  node.input[0] = flat;
  node.output[0] = inner;
  removeAttr(node, 'axis');
  node.attribute.push(intAttr('axis', -1));
  edit.addNode('Reshape', [inner, shape], [y]);
}

/** Upsample-9 and Resize-10 are Resize with asymmetric coordinates (and floor for nearest). */
function rewriteToResize(node: NodeProto): void {
  const mode = attrString(node, 'mode') ?? 'nearest';
  node.opType = 'Resize';
  node.input = [node.input[0]!, '', node.input[1]!];
  node.attribute = [stringAttr('mode', mode), stringAttr('coordinate_transformation_mode', 'asymmetric')];
  if (mode === 'nearest') node.attribute.push(stringAttr('nearest_mode', 'floor'));
}

const UPGRADERS: Record<string, Upgrader> = {
  Slice: {
    since: 10,
    rewrite(node, edit) {
      const starts = attrInt64s(node, 'starts') ?? [];
      const ends = attrInt64s(node, 'ends') ?? [];
      const axes = attrInt64s(node, 'axes');
      node.attribute = [];
      const s = edit.unique(`${node.output[0]}_starts`);
      const e = edit.unique(`${node.output[0]}_ends`);
      edit.addInitializer(int64s(s, starts));
      edit.addInitializer(int64s(e, ends));
      node.input = [node.input[0]!, s, e];
      if (axes !== undefined) {
        const a = edit.unique(`${node.output[0]}_axes`);
        edit.addInitializer(int64s(a, axes));
        node.input.push(a);
      }
    },
  },
  TopK: {
    since: 10,
    rewrite(node, edit) {
      const k = attrInt(node, 'k', 1);
      removeAttr(node, 'k');
      const name = edit.unique(`${node.output[0]}_k`);
      edit.addInitializer(int64Tensor(name, [1], [k]));
      node.input = [node.input[0]!, name];
    },
  },
  Upsample: {
    since: 10,
    rewrite(node, edit, _types, from) {
      // Upsample-7 holds its scales as an attribute; from 9 on they are the second input.
      if (from < 9) {
        const scales = attr(node, 'scales')?.floats ?? [];
        removeAttr(node, 'scales');
        const name = edit.unique(`${node.output[0]}_scales`);
        edit.addInitializer(makeTensor(name, DataType.FLOAT, [scales.length], Float32Array.from(scales)));
        node.input = [node.input[0]!, name];
      }
      rewriteToResize(node);
    },
  },
  BatchNormalization: {
    since: 9,
    rewrite(node) {
      // spatial = 1 (the default) is what opset 9 always does; spatial = 0 (per-element statistics) has no equivalent.
      if (attr(node, 'spatial') !== undefined && attrInt(node, 'spatial', 1) !== 1) {
        throw new ParityError('UNSUPPORTED', `BatchNormalization ${node.name || node.output[0]} uses spatial = 0, which opset 9 and later cannot express.`, 'Re-export the model with opset 9 or newer.');
      }
      removeAttr(node, 'spatial');
    },
  },
  Resize: {
    since: 11,
    rewrite(node, _edit, _types, from) {
      if (from === 10) rewriteToResize(node);
    },
  },
  Clip: {
    since: 11,
    rewrite(node, edit, types) {
      const dtype = types.get(node.input[0] ?? '')?.dtype ?? 'float32';
      const min = attr(node, 'min') !== undefined ? attrFloat(node, 'min', 0) : undefined;
      const max = attr(node, 'max') !== undefined ? attrFloat(node, 'max', 0) : undefined;
      node.attribute = [];
      node.input = [node.input[0]!];
      if (min !== undefined || max !== undefined) {
        let minName = '';
        if (min !== undefined) {
          minName = edit.unique(`${node.output[0]}_min`);
          edit.addInitializer(scalarOfType(minName, dtype, min));
        }
        node.input.push(minName);
      }
      if (max !== undefined) {
        const maxName = edit.unique(`${node.output[0]}_max`);
        edit.addInitializer(scalarOfType(maxName, dtype, max));
        node.input.push(maxName);
      }
    },
  },
  Pad: {
    since: 11,
    rewrite(node, edit, types) {
      const pads = attrInts(node, 'pads') ?? [];
      const value = attrFloat(node, 'value', 0);
      const mode = attrString(node, 'mode');
      node.attribute = mode !== undefined ? [stringAttr('mode', mode)] : [];
      const p = edit.unique(`${node.output[0]}_pads`);
      edit.addInitializer(int64Tensor(p, [pads.length], pads));
      node.input = [node.input[0]!, p];
      if (value !== 0) {
        const v = edit.unique(`${node.output[0]}_value`);
        edit.addInitializer(scalarOfType(v, types.get(node.input[0]!)?.dtype ?? 'float32', value));
        node.input.push(v);
      }
    },
  },
  Scatter: {
    since: 11,
    rewrite(node) {
      node.opType = 'ScatterElements';
    },
  },
  Dropout: {
    since: 12,
    rewrite(node) {
      // Inference ignores the ratio; from opset 12 it is an input whose default applies.
      removeAttr(node, 'ratio');
    },
  },
  Squeeze: { since: 13, rewrite: attrToInput('axes', 1) },
  Unsqueeze: { since: 13, rewrite: attrToInput('axes', 1) },
  Split: { since: 13, rewrite: attrToInput('split', 1) },
  ReduceSum: { since: 13, rewrite: attrToInput('axes', 1) },
  Softmax: { since: 13, rewrite: rewriteSoftmax },
  LogSoftmax: { since: 13, rewrite: rewriteSoftmax },
  Hardmax: { since: 13, rewrite: rewriteSoftmax },
  // Opset 18 moved `axes` of every other reduction to an input (ReduceSum already moved in 13).
  ...Object.fromEntries(
    ['ReduceMean', 'ReduceMax', 'ReduceMin', 'ReduceProd', 'ReduceL1', 'ReduceL2', 'ReduceLogSum', 'ReduceLogSumExp', 'ReduceSumSquare'].map(
      (op) => [op, { since: 18, rewrite: attrToInput('axes', 1) }],
    ),
  ),
};

/** Rewrites every default-domain node of every graph for opset `target`; returns the number of nodes rewritten. */
export function upgradeOpset(proto: ModelProto, target: number, types: TensorTypes): number {
  const from = defaultOpset(proto);
  if (from >= target) return 0;
  if (from < MIN_UPGRADABLE_OPSET) {
    throw new ParityError(
      'UNSUPPORTED',
      `The model uses opset ${from}; this recipe needs opset ${target}, and Parity upgrades models from opset ${MIN_UPGRADABLE_OPSET} on.`,
      `Re-export the model with opset ${target} or newer.`,
    );
  }
  let rewritten = 0;
  const graphs: GraphProto[] = [];
  forEachGraph(proto, (g) => graphs.push(g));
  for (const graph of graphs) {
    const edit = new GraphEdit(graph);
    for (const node of [...graph.node]) {
      if (normalizeDomain(node.domain) !== '') continue;
      const upgrader = UPGRADERS[node.opType];
      // Only the changes between the model's opset and the target: a change made later does not apply yet.
      if (upgrader === undefined || from >= upgrader.since || target < upgrader.since) continue;
      upgrader.rewrite(node, edit, types, from);
      rewritten++;
    }
    edit.sort();
  }
  proto.opsetImport = proto.opsetImport.filter((o) => normalizeDomain(o.domain) !== '');
  proto.opsetImport.unshift(create(OperatorSetIdProtoSchema, { domain: '', version: BigInt(target) }));
  // Opset 13 needs IR version 7 or later, opset 18 version 8.
  const ir = target >= 18 ? 8n : 7n;
  if (proto.irVersion < ir) proto.irVersion = ir;
  return rewritten;
}
