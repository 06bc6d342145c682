/**
 * The constant side of int8-static: int8 weights (per-channel symmetric by default) behind a DequantizeLinear,
 * biases corrected for the mean shift the weights' rounding causes (qdq/bias-correction.ts) and stored in int32 at
 * scale input × weight (the weight scale raised where a bias would not fit int32, as ORT's
 * quantizer does), and the float32 constants of weightless integer kernels (e.g. Add's operand) quantized per tensor
 * from their own values.
 */
import { tensorToTypedArray, TensorProto_DataType as DataType, type TensorOrigin, type TensorProto } from '../../onnx/index.js';
import { floatTensor, intAttr, makeTensor, QUANT_TYPE, type GraphEdit } from '../graph-edit.js';
import { biasScaleFloor, quantizeBias, quantizeValue, quantizeWeights, quantRange, rangeParams, type QuantParams, type QuantType } from '../quant-params.js';
import type { WeightedNode } from '../weighted-nodes.js';
import { dequantizeWeights, roundingShift, type BiasSwap } from './bias-correction.js';
import type { QdqSettings } from './resolve-quantization.js';

function zeroPoint(type: QuantType, value: number): Int8Array | Uint8Array {
  const zp = type === 'int8' ? new Int8Array(1) : new Uint8Array(1);
  zp[0] = value;
  return zp;
}

/**
 * Scalar scales and zero points already in each graph, by value: a pass-through operator's output reuses its input's
 * parameters, and hundreds of Q/DQ pairs share a handful of zero points.
 */
const sharedScalars = new WeakMap<GraphEdit, Map<string, string>>();

function sharedScalar(edit: GraphEdit, key: string, prefix: string, make: (name: string) => ReturnType<typeof floatTensor>): string {
  let names = sharedScalars.get(edit);
  if (names === undefined) sharedScalars.set(edit, (names = new Map()));
  let name = names.get(key);
  if (name === undefined) {
    name = edit.short(prefix);
    edit.addInitializer(make(name));
    names.set(key, name);
  }
  return name;
}

/** Adds (or reuses) QuantizeLinear/DequantizeLinear parameters, a scalar scale and zero point; returns their names. */
export function addQuantParams(edit: GraphEdit, p: QuantParams, type: QuantType): [string, string] {
  const scale = sharedScalar(edit, `scale:${p.scale}`, 'qs', (name) => floatTensor(name, [], [p.scale]));
  const zp = sharedScalar(edit, `${type}:${p.zeroPoint}`, 'qz', (name) => makeTensor(name, QUANT_TYPE[type], [], zeroPoint(type, p.zeroPoint)));
  return [scale, zp];
}

/** Counters for the notes of the manifest. */
export interface WeightStats {
  raisedWeightScales: number;
  saturatedBiases: number;
  /** Nodes whose bias was corrected for their weights' rounding, and the largest shift removed from one channel. */
  correctedBiases: number;
  largestShift: number;
}

/** A node's quantized weight: its per-channel scales and the mean shift its rounding causes (null: not corrected). */
export interface QuantizedWeight {
  scales: Float32Array;
  shift: Float64Array | null;
}

/** Quantizes weights and biases, sharing each quantized weight between the nodes that read it. */
export class WeightQuantizer {
  private readonly cache = new Map<string, { name: string; scales: Float32Array; dequantized: Float32Array }>();
  readonly stats: WeightStats = { raisedWeightScales: 0, saturatedBiases: 0, correctedBiases: 0, largestShift: 0 };
  /** Each corrected bias with its uncorrected twin, so that the recipe can check the correction and undo it. */
  readonly swaps: BiasSwap[] = [];

  /** `inputMeans`: each observed activation's channel means, for bias correction (null: no correction). */
  constructor(
    private readonly edit: GraphEdit,
    private readonly origin: TensorOrigin,
    private readonly settings: QdqSettings,
    private readonly inputMeans: ReadonlyMap<string, Float64Array> | null = null,
  ) {}

  private values(t: TensorProto): Float32Array {
    return tensorToTypedArray(this.origin, t) as Float32Array;
  }

  /** Rewires the node's weight to a DequantizeLinear of int8 values; `input` is its input's quantization, if any. */
  weight(n: WeightedNode, input: QuantParams | null): QuantizedWeight {
    const s = this.settings;
    const axis = s.perChannel ? n.channelAxis : null;
    const values = this.values(n.weight);
    const dims = n.weight.dims.map(Number);
    let floor: Float32Array | undefined;
    if (n.bias !== null && input !== null) {
      const needed = biasScaleFloor(this.values(n.bias), input.scale);
      // Per-tensor weights share one scale: the largest floor applies to all.
      floor = axis === null ? Float32Array.of(Math.max(...needed)) : needed;
    }
    const natural = floor === undefined ? null : quantizeWeights(values, dims, axis, s.weightType, s.reduceRange).scales;
    const bounded = natural !== null && natural.some((v, c) => v < floor![floor!.length === 1 ? 0 : c]!);
    const key = bounded ? `${n.weight.name}|${axis}|${n.node.name}|${input?.scale}` : `${n.weight.name}|${axis}`;
    let entry = this.cache.get(key);
    if (entry === undefined) {
      const q = quantizeWeights(values, dims, axis, s.weightType, s.reduceRange, bounded ? floor : undefined);
      if (bounded) this.stats.raisedWeightScales++;
      const shape = axis === null ? [] : [dims[axis]!];
      const qName = this.edit.short('wq');
      const sName = this.edit.short('ws');
      this.edit.addInitializer(makeTensor(qName, QUANT_TYPE[s.weightType], dims, q.values));
      this.edit.addInitializer(floatTensor(sName, shape, q.scales));
      const inputs = [qName, sName];
      // A zero point of 0 is DequantizeLinear's default, but ONNX Runtime fuses Gemm and MatMul into QGemm and
      // QLinearMatMul only when the weight's DequantizeLinear has one (Conv does without).
      if (s.weightType !== 'int8' || n.node.opType !== 'Conv') {
        const zName = this.edit.short('wz');
        this.edit.addInitializer(makeTensor(zName, QUANT_TYPE[s.weightType], shape, q.zeroPoints));
        inputs.push(zName);
      }
      const out = this.edit.short('wd');
      this.edit.addNode('DequantizeLinear', inputs, [out], axis === null ? [] : [intAttr('axis', axis)], null);
      entry = { name: out, scales: q.scales, dequantized: dequantizeWeights(q.values, dims, axis, q.scales, q.zeroPoints) };
      this.cache.set(key, entry);
    }
    n.node.input[1] = entry.name;
    const mean = this.inputMeans?.get(n.activation);
    const shift = mean === undefined ? null : roundingShift(n, values, entry.dequantized, mean);
    return { scales: entry.scales, shift: shift !== null && this.correctable(n) ? shift : null };
  }

  /** A bias can take the correction: the node has one, or is a Conv, which gets one. */
  private correctable(n: WeightedNode): boolean {
    return n.bias !== null || (n.node.opType === 'Conv' && (n.node.input[2] ?? '') === '');
  }

  /** The node's float bias (zeros for a Conv without one). */
  private plain(n: WeightedNode, channels: number): Float32Array {
    return n.bias === null ? new Float32Array(channels) : this.values(n.bias);
  }

  /** The node's float bias minus the shift (a Conv without a bias gets zeros before the correction). */
  private corrected(n: WeightedNode, shift: Float64Array | null): Float32Array | null {
    const base = n.bias === null ? null : this.values(n.bias);
    if (shift === null) return base;
    this.stats.correctedBiases++;
    const out = new Float32Array(shift.length);
    for (let c = 0; c < shift.length; c++) {
      out[c] = (base?.[c] ?? 0) - shift[c]!;
      this.stats.largestShift = Math.max(this.stats.largestShift, Math.abs(shift[c]!));
    }
    return out;
  }

  /** A node computed in float32 with int8-rounded weights: its float bias, corrected for the weights' rounding. */
  floatBias(n: WeightedNode, shift: Float64Array | null): void {
    const values = shift === null ? null : this.corrected(n, shift);
    if (values === null) return;
    const name = this.edit.short('bc');
    const corrected = floatTensor(name, [values.length], values);
    this.edit.addInitializer(corrected);
    this.swaps.push({ corrected, plain: floatTensor(name, [values.length], this.plain(n, values.length)) });
    n.node.input[2] = name;
  }

  /**
   * Rewires the node's bias, corrected for the weights' rounding, to int32 values at scale input × weight (zero
   * points 0, DequantizeLinear's default).
   */
  bias(n: WeightedNode, input: QuantParams, weight: QuantizedWeight): void {
    const values = this.corrected(n, weight.shift);
    if (values === null) return;
    const b = quantizeBias(values, input.scale, weight.scales);
    this.stats.saturatedBiases += b.saturated;
    const qName = this.edit.short('bq');
    const sName = this.edit.short('bs');
    const shape = b.scales.length === 1 ? [] : [b.scales.length];
    const corrected = makeTensor(qName, DataType.INT32, [b.values.length], b.values);
    this.edit.addInitializer(corrected);
    this.edit.addInitializer(floatTensor(sName, shape, b.scales));
    if (weight.shift !== null) {
      const plain = quantizeBias(this.plain(n, values.length), input.scale, weight.scales).values;
      this.swaps.push({ corrected, plain: makeTensor(qName, DataType.INT32, [plain.length], plain) });
    }
    const out = this.edit.short('bd');
    this.edit.addNode('DequantizeLinear', [qName, sName], [out], b.scales.length === 1 ? [] : [intAttr('axis', 0)], null);
    n.node.input[2] = out;
  }
}

/** A float32 constant as a DequantizeLinear of its values quantized per tensor over [min(v, 0), max(v, 0)]. */
export function dequantizedConstant(edit: GraphEdit, origin: TensorOrigin, c: TensorProto, type: QuantType): string {
  const values = tensorToTypedArray(origin, c) as Float32Array;
  let lo = 0;
  let hi = 0;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const p = rangeParams(lo, hi, type, false, false);
  const { qmin, qmax } = quantRange(type, false, false);
  const q = type === 'int8' ? new Int8Array(values.length) : new Uint8Array(values.length);
  values.forEach((v, i) => (q[i] = quantizeValue(v, p, qmin, qmax)));
  const qName = edit.short('cq');
  edit.addInitializer(makeTensor(qName, QUANT_TYPE[type], c.dims.map(Number), q));
  const [scale, zp] = addQuantParams(edit, p, type);
  const dq = edit.short('cd');
  edit.addNode('DequantizeLinear', [qName, scale, zp], [dq], [], null);
  return dq;
}
