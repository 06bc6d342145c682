/**
 * Float-equivalent rewrites before int8-static calibrates, so that more of the graph runs as integer kernels:
 * per-channel affine operators right after a Conv/ConvTranspose/Gemm (Mul and Add by constants, BatchNormalization,
 * the affine half of HardSigmoid, as in PP-LCNet's "learnable affine blocks" and squeeze-excite gates) are folded
 * into its weights and bias; HardSigmoid's clip to [0, 1] stays as a Clip that the quantizer then folds into the
 * QuantizeLinear. The results equal the original's up to float32 rounding.
 */
import { normalizeDomain, tensorToTypedArray, TensorProto_DataType as DataType, type NodeProto, type TensorOrigin, type TensorProto } from '../../onnx/index.js';
import { attrFloat, attrInt, floatTensor, type GraphEdit } from '../graph-edit.js';

/** y = a[c]·x + b[c] along the producer's output channels. */
interface ChannelAffine {
  a: Float64Array;
  b: Float64Array;
  /** A HardSigmoid also clips to [0, 1] after the affine part. */
  clipUnit: boolean;
}

interface WeightedProducer {
  node: NodeProto;
  weight: TensorProto;
  bias: TensorProto | null;
  channels: number;
  /** Rank of the producer's output (its channel axis is 1). */
  rank: number;
  /** Output channel of weight element i. */
  channelOf: (i: number) => number;
}

function floatInit(edit: GraphEdit, name: string | undefined): TensorProto | null {
  if (name === undefined || name === '') return null;
  const t = edit.initializer(name);
  return t !== undefined && t.dataType === DataType.FLOAT ? t : null;
}

function weightedProducer(edit: GraphEdit, node: NodeProto): WeightedProducer | null {
  if (normalizeDomain(node.domain) !== '' || node.output.length !== 1) return null;
  const weight = floatInit(edit, node.input[1]);
  if (weight === null) return null;
  const bias = floatInit(edit, node.input[2]);
  if ((node.input[2] ?? '') !== '' && bias === null) return null;
  const dims = weight.dims.map(Number);
  const tail = (from: number): number => dims.slice(from).reduce((p, d) => p * d, 1);
  if (node.opType === 'Conv' && dims.length >= 3) {
    const inner = tail(1);
    return { node, weight, bias, channels: dims[0]!, rank: dims.length, channelOf: (i) => Math.floor(i / inner) };
  }
  if (node.opType === 'ConvTranspose' && dims.length >= 3) {
    const group = attrInt(node, 'group', 1);
    const perGroupIn = dims[0]! / group;
    const perGroupOut = dims[1]!;
    const inner = tail(2);
    return {
      node,
      weight,
      bias,
      channels: perGroupOut * group,
      rank: dims.length,
      channelOf: (i) => Math.floor(Math.floor(i / (perGroupOut * inner)) / perGroupIn) * perGroupOut + (Math.floor(i / inner) % perGroupOut),
    };
  }
  if (node.opType === 'Gemm' && dims.length === 2) {
    const plain = attrInt(node, 'transA', 0) === 0 && attrFloat(node, 'alpha', 1) === 1 && attrFloat(node, 'beta', 1) === 1;
    const transB = attrInt(node, 'transB', 0) === 1;
    const n = transB ? dims[0]! : dims[1]!;
    if (!plain || (bias !== null && (bias.dims.length !== 1 || Number(bias.dims[0]) !== n))) return null;
    return { node, weight, bias, channels: n, rank: 2, channelOf: transB ? (i) => Math.floor(i / dims[1]!) : (i) => i % n };
  }
  return null;
}

/** The per-channel values of a constant that broadcasts along the channel axis (1) of a rank-`rank` output only. */
function perChannel(edit: GraphEdit, origin: TensorOrigin, name: string, channels: number, rank: number): Float64Array | null {
  const t = floatInit(edit, name);
  if (t === null) return null;
  const dims = t.dims.map(Number);
  if (dims.length > rank) return null;
  let channelDim = -1;
  for (let j = 0; j < dims.length; j++) {
    const axis = rank - dims.length + j;
    if (dims[j] === 1) continue;
    if (axis === 1 && dims[j] === channels) channelDim = j;
    else return null;
  }
  const values = tensorToTypedArray(origin, t) as Float32Array;
  return Float64Array.from({ length: channels }, (_, c) => values[channelDim === -1 ? 0 : c]!);
}

/** The affine map `op` applies to the producer's output `x`, or null when it is not per-channel affine in x. */
function affineOf(edit: GraphEdit, origin: TensorOrigin, op: NodeProto, x: string, p: WeightedProducer): ChannelAffine | null {
  if (normalizeDomain(op.domain) !== '' || op.output.length !== 1) return null;
  const ones = (): Float64Array => new Float64Array(p.channels).fill(1);
  const zeros = (): Float64Array => new Float64Array(p.channels);
  if ((op.opType === 'Mul' || op.opType === 'Add') && op.input.length === 2) {
    const other = op.input[0] === x ? op.input[1]! : op.input[1] === x ? op.input[0]! : null;
    if (other === null || other === x) return null;
    const k = perChannel(edit, origin, other, p.channels, p.rank);
    if (k === null) return null;
    return op.opType === 'Mul' ? { a: k, b: zeros(), clipUnit: false } : { a: ones(), b: k, clipUnit: false };
  }
  if ((op.opType === 'Div' || op.opType === 'Sub') && op.input[0] === x && op.input.length === 2) {
    const k = perChannel(edit, origin, op.input[1]!, p.channels, p.rank);
    if (k === null || (op.opType === 'Div' && k.some((v) => v === 0))) return null;
    return op.opType === 'Div' ? { a: k.map((v) => 1 / v), b: zeros(), clipUnit: false } : { a: ones(), b: k.map((v) => -v), clipUnit: false };
  }
  if (op.opType === 'BatchNormalization' && op.input[0] === x) {
    const [scale, bias, mean, variance] = [1, 2, 3, 4].map((i) => perChannel(edit, origin, op.input[i] ?? '', p.channels, 2));
    if (!scale || !bias || !mean || !variance) return null;
    const eps = attrFloat(op, 'epsilon', 1e-5);
    const a = scale.map((s, c) => s / Math.sqrt(variance[c]! + eps));
    return { a, b: bias.map((v, c) => v - mean[c]! * a[c]!), clipUnit: false };
  }
  if (op.opType === 'HardSigmoid') {
    return { a: ones().fill(attrFloat(op, 'alpha', 0.2)), b: zeros().fill(attrFloat(op, 'beta', 0.5)), clipUnit: true };
  }
  return null;
}

/** Rewrites the producer's weight and bias so that it computes a·(W∗x + bias) + b. */
function applyAffine(edit: GraphEdit, origin: TensorOrigin, p: WeightedProducer, f: ChannelAffine): void {
  const w = Float32Array.from(tensorToTypedArray(origin, p.weight) as Float32Array);
  for (let i = 0; i < w.length; i++) w[i] = w[i]! * f.a[p.channelOf(i)]!;
  const oldBias = p.bias === null ? null : (tensorToTypedArray(origin, p.bias) as Float32Array);
  const bias = Float32Array.from({ length: p.channels }, (_, c) => (oldBias?.[c] ?? 0) * f.a[c]! + f.b[c]!);
  const wName = edit.unique(`${p.weight.name}_folded`);
  const bName = edit.unique(`${p.bias?.name ?? `${p.node.name || p.weight.name}_bias`}_folded`);
  edit.addInitializer(floatTensor(wName, p.weight.dims.map(Number), w));
  edit.addInitializer(floatTensor(bName, [p.channels], bias));
  p.node.input[1] = wName;
  while (p.node.input.length < 3) p.node.input.push('');
  p.node.input[2] = bName;
}

/**
 * Folds every per-channel affine operator that is the only reader of a Conv/ConvTranspose/Gemm output into that
 * node (repeatedly, so Mul → Add chains fold too); returns how many operators were folded, by type.
 */
export function foldAffineIntoWeights(edit: GraphEdit, origin: TensorOrigin): Map<string, number> {
  const folded = new Map<string, number>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const node of [...edit.graph.node]) {
      const p = weightedProducer(edit, node);
      const x = node.output[0];
      if (p === null || x === undefined || x === '' || edit.isGraphOutput(x)) continue;
      const readers = edit.consumers(x);
      if (readers.length !== 1) continue;
      const op = readers[0]!;
      const f = affineOf(edit, origin, op, x, p);
      if (f === null) continue;
      applyAffine(edit, origin, p, f);
      const y = op.output[0]!;
      if (f.clipUnit) {
        // HardSigmoid keeps its clip: Clip(0, 1) now reads the node's new output.
        const mid = edit.unique(`${x}_affine`);
        node.output[0] = mid;
        const lo = edit.unique('clip_zero');
        const hi = edit.unique('clip_one');
        edit.addInitializer(floatTensor(lo, [], [0]));
        edit.addInitializer(floatTensor(hi, [], [1]));
        const clip = edit.addNode('Clip', [mid, lo, hi], [y], [], null);
        edit.graph.node.splice(edit.graph.node.indexOf(op), 1, clip);
        edit.graph.node.pop();
      } else {
        node.output[0] = y;
        edit.graph.node = edit.graph.node.filter((n) => n !== op);
      }
      folded.set(op.opType, (folded.get(op.opType) ?? 0) + 1);
      changed = true;
    }
  }
  return folded;
}
