/**
 * The int8-static rewrite in QDQ form: QuantizeLinear → DequantizeLinear pairs on the activations around each
 * quantized Conv/ConvTranspose/MatMul/Gemm, int8 weights (per-channel symmetric by default) behind a
 * DequantizeLinear, biases in int32 at scale input × weight. ONNX Runtime fuses DQ → op → Q into its integer
 * kernels (QLinearConv, QLinearMatMul, …) at optimization level 'extended' or above; any other runtime simply
 * computes the dequantized values, so the file stays standard ONNX (opset 13).
 *
 * By default only these four operators are quantized. Element-wise ops (Add, Mul, Div, Clip, HardSigmoid,
 * Sigmoid…), pooling, Resize, Concat, Softmax and the normalisations stay float32 between a DequantizeLinear and the
 * next QuantizeLinear: each extra quantization step adds error (e.g. in MobileNetV3's hard-swish chains), and Div,
 * Clip, HardSigmoid and Resize have no fused integer kernel in ONNX Runtime at all. `--also-quantize` adds the
 * weightless ops ONNX Runtime does fuse (see qdq-activation-ops.ts).
 */
import { normalizeDomain, TensorProto_DataType as DataType, tensorToTypedArray, type NodeProto, type TensorOrigin } from '../onnx/index.js';
import { floatTensor, GraphEdit, intAttr, makeTensor, QUANT_TYPE } from './graph-edit.js';
import { weakestChannelSqnrDb } from './calibration/channel-energy.js';
import type { ActivationRange } from './calibration/histogram-range.js';
import { biasScaleFloor, quantizeBias, quantizeValue, quantizeWeights, quantRange, rangeParams, type QuantParams, type QuantType } from './quant-params.js';
import type { ActivationNode } from './qdq-activation-ops.js';
import type { Exclusion, WeightedNode } from './weighted-nodes.js';

export const QDQ_OPS: ReadonlySet<string> = new Set(['Conv', 'ConvTranspose', 'MatMul', 'Gemm']);

export interface QdqSettings {
  /**
   * Least SQNR (dB) of an activation's weakest channel under one per-tensor scale: a node whose input falls below
   * stays float; an output below keeps float (no QuantizeLinear after the node). null disables the check.
   */
  minChannelSqnrDb: number | null;
  perChannel: boolean;
  reduceRange: boolean;
  activationType: QuantType;
  weightType: QuantType;
}

export interface QdqResult {
  quantized: string[];
  excluded: Exclusion[];
  notes: string[];
}

/**
 * The Relu that is the only reader of a quantized node's output: it is folded into that output's QuantizeLinear,
 * whose range starts at 0 after a Relu, so QuantizeLinear itself maps every negative value to 0 — exactly Relu.
 */
function foldableRelu(n: WeightedNode, edit: GraphEdit): NodeProto | null {
  const out = n.node.output[0];
  if (out === undefined || out === '' || edit.isGraphOutput(out)) return null;
  const readers = edit.consumers(out);
  const relu = readers.length === 1 ? readers[0]! : null;
  if (relu === null || relu.opType !== 'Relu' || normalizeDomain(relu.domain) !== '') return null;
  return edit.isGraphOutput(relu.output[0] ?? '') ? null : relu;
}

/** The tensor whose range sets a quantized node's output quantization: its output, or that of a folded Relu. */
function quantizedOutput(n: WeightedNode, edit: GraphEdit): string | null {
  const relu = foldableRelu(n, edit);
  if (relu !== null) return relu.output[0]!;
  const out = n.node.output[0];
  return out === undefined || out === '' || edit.isGraphOutput(out) ? null : out;
}

export interface ObservedActivations {
  names: string[];
  /** Where each activation's channels are: axis 1 around convolutions, the last axis around MatMul/Gemm. */
  channelAxes: Map<string, 'first' | 'last'>;
}

/** The activations calibration must observe for these nodes: each one's input and its (Relu-folded) output. */
export function activationsToObserve(nodes: readonly WeightedNode[], edit: GraphEdit, activationNodes: readonly ActivationNode[] = []): ObservedActivations {
  const channelAxes = new Map<string, 'first' | 'last'>();
  for (const a of activationNodes) for (const t of [...a.activations, a.output]) channelAxes.set(t, 'first');
  for (const n of nodes) {
    const axis = n.node.opType === 'Conv' || n.node.opType === 'ConvTranspose' ? 'first' : 'last';
    channelAxes.set(n.activation, axis);
    const out = quantizedOutput(n, edit);
    if (out !== null && !channelAxes.has(out)) channelAxes.set(out, axis);
  }
  return { names: [...channelAxes.keys()], channelAxes };
}

/** Whether any channel's natural weight scale is below `floor` (then the floor must be applied). */
function weightScalesBelow(values: Float32Array, dims: readonly number[], axis: number | null, settings: QdqSettings, floor: Float32Array): boolean {
  const natural = quantizeWeights(values, dims, axis, settings.weightType, settings.reduceRange).scales;
  return natural.some((s, c) => s < floor[floor.length === 1 ? 0 : c]!);
}

function typedZeros(type: QuantType, count: number): Int8Array | Uint8Array {
  return type === 'int8' ? new Int8Array(count) : new Uint8Array(count);
}

/** Rewrites the graph in place; `ranges` come from calibration. */
export function applyQdq(
  edit: GraphEdit,
  origin: TensorOrigin,
  nodes: readonly WeightedNode[],
  ranges: ReadonlyMap<string, ActivationRange>,
  meanSquares: ReadonlyMap<string, Float64Array>,
  settings: QdqSettings,
  activationNodes: readonly ActivationNode[] = [],
): QdqResult {
  const quantized: string[] = [];
  const excluded: Exclusion[] = [];
  const notes: string[] = [];
  const activationParams = new Map<string, QuantParams>();
  const dequantized = new Map<string, string>();
  const weightCache = new Map<string, { name: string; scales: Float32Array }>();
  const quantizedNodes = new Set(nodes.map((n) => n.node));
  const quantizeNodes = new Set<unknown>();
  let saturatedBiases = 0;
  let raisedWeightScales = 0;

  const paramsFor = (tensor: string): QuantParams | null => {
    const cached = activationParams.get(tensor);
    if (cached) return cached;
    const range = ranges.get(tensor);
    if (range === undefined) return null;
    const p = rangeParams(range.min, range.max, settings.activationType, false, false);
    activationParams.set(tensor, p);
    return p;
  };

  /** Inserts Q → DQ on `tensor` once and returns the dequantized copy's name. */
  const qdq = (tensor: string, p: QuantParams): string => {
    let dq = dequantized.get(tensor);
    if (dq === undefined) {
      const scale = edit.short('qs');
      const zp = edit.short('qz');
      edit.addInitializer(floatTensor(scale, [], [p.scale]));
      const zpValues = typedZeros(settings.activationType, 1);
      zpValues[0] = p.zeroPoint;
      edit.addInitializer(makeTensor(zp, QUANT_TYPE[settings.activationType], [], zpValues));
      const q = edit.short('qq');
      dq = edit.short('qd');
      quantizeNodes.add(edit.addNode('QuantizeLinear', [tensor, scale, zp], [q], [], null));
      edit.addNode('DequantizeLinear', [q, scale, zp], [dq], [], null);
      dequantized.set(tensor, dq);
    }
    return dq;
  };

  const weightFor = (n: WeightedNode, input: QuantParams | null): { name: string; scales: Float32Array } => {
    const axis = settings.perChannel ? n.channelAxis : null;
    const values = tensorToTypedArray(origin, n.weight) as Float32Array;
    const dims = n.weight.dims.map(Number);
    let floor: Float32Array | undefined;
    if (n.bias !== null && input !== null) {
      const needed = biasScaleFloor(tensorToTypedArray(origin, n.bias) as Float32Array, input.scale);
      // Per-tensor weights share one scale: the largest floor applies to all.
      floor = axis === null ? Float32Array.of(Math.max(...needed)) : needed;
    }
    const bounded = floor !== undefined && weightScalesBelow(values, dims, axis, settings, floor);
    const key = bounded ? `${n.weight.name}|${axis}|${n.node.name}|${input?.scale}` : `${n.weight.name}|${axis}`;
    const cached = weightCache.get(key);
    if (cached) return cached;
    const q = quantizeWeights(values, dims, axis, settings.weightType, settings.reduceRange, bounded ? floor : undefined);
    if (bounded) raisedWeightScales++;
    const shape = axis === null ? [] : [dims[axis]!];
    const qName = edit.short('wq');
    const sName = edit.short('ws');
    edit.addInitializer(makeTensor(qName, QUANT_TYPE[settings.weightType], dims, q.values));
    edit.addInitializer(floatTensor(sName, shape, q.scales));
    const inputs = [qName, sName];
    // Symmetric int8 weights have zero points 0, DequantizeLinear's default: the input is left out.
    if (settings.weightType !== 'int8') {
      const zName = edit.short('wz');
      edit.addInitializer(makeTensor(zName, QUANT_TYPE[settings.weightType], shape, q.zeroPoints));
      inputs.push(zName);
    }
    const out = edit.short('wd');
    edit.addNode('DequantizeLinear', inputs, [out], axis === null ? [] : [intAttr('axis', axis)], null);
    const entry = { name: out, scales: q.scales };
    weightCache.set(key, entry);
    return entry;
  };

  /** The weakest channel's SQNR under the tensor's int8 step, when it is below the settings' floor. */
  const crushed = (tensor: string, p: QuantParams): number | null => {
    const ms = meanSquares.get(tensor);
    if (settings.minChannelSqnrDb === null || ms === undefined) return null;
    const db = weakestChannelSqnrDb(ms, p.scale);
    return db < settings.minChannelSqnrDb ? db : null;
  };
  let floatOutputs = 0;

  let weightOnly = 0;
  for (const n of nodes) {
    let input = paramsFor(n.activation);
    if (input === null) {
      excluded.push({ name: n.label, reason: `its input ${n.activation} had no finite value during calibration: activations kept float32 (int8 weights only)` });
    } else {
      const weak = crushed(n.activation, input);
      if (weak !== null) {
        excluded.push({
          name: n.label,
          reason: `the channels of its input ${n.activation} differ too much in scale for one int8 scale (weakest channel ${weak.toFixed(1)} dB SQNR, floor ${settings.minChannelSqnrDb} dB): input kept float32, int8 weights only`,
        });
        input = null;
      }
    }
    // Without a quantized input the node cannot be fused, so its output stays float32 too.
    if (input === null) {
      quantizedNodes.delete(n.node);
      weightOnly++;
    } else {
      // An input produced by a quantized node is rewired for every consumer below; otherwise only this node reads it.
      n.node.input[0] = qdq(n.activation, input);
    }
    const weight = weightFor(n, input);
    n.node.input[1] = weight.name;
    if (n.bias !== null && input !== null) {
      const b = quantizeBias(tensorToTypedArray(origin, n.bias) as Float32Array, input.scale, weight.scales);
      saturatedBiases += b.saturated;
      const qName = edit.short('bq');
      const sName = edit.short('bs');
      const shape = b.scales.length === 1 ? [] : [b.scales.length];
      edit.addInitializer(makeTensor(qName, DataType.INT32, [b.values.length], b.values));
      edit.addInitializer(floatTensor(sName, shape, b.scales));
      // Bias zero points are 0 by definition (DequantizeLinear's default), so none is stored.
      const out = edit.short('bd');
      edit.addNode('DequantizeLinear', [qName, sName], [out], b.scales.length === 1 ? [] : [intAttr('axis', 0)], null);
      n.node.input[2] = out;
    }
    quantized.push(n.label);
  }

  // Weightless ops (--also-quantize): every float input through Q → DQ, constants quantized from their values.
  const activationOutputs: Array<[string, QuantParams]> = [];
  for (const a of activationNodes) {
    const inputs = a.activations.map((t) => [t, paramsFor(t)] as const);
    const out = paramsFor(a.output);
    const weak = [...inputs, [a.output, out] as const].find(([t, p]) => p === null || crushed(t, p) !== null);
    if (weak !== undefined || out === null) {
      excluded.push({ name: a.label, reason: `its tensor ${weak?.[0] ?? a.output} has no usable int8 range (no calibration data, or channels too different in scale): kept float32` });
      continue;
    }
    for (const [t, p] of inputs) GraphEdit.rewire(a.node, t, qdq(t, p!));
    for (const c of a.constants) {
      const values = tensorToTypedArray(origin, c) as Float32Array;
      let lo = 0;
      let hi = 0;
      for (const v of values) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      const p = rangeParams(lo, hi, settings.activationType, false, false);
      const { qmin, qmax } = quantRange(settings.activationType, false, false);
      const q = settings.activationType === 'int8' ? new Int8Array(values.length) : new Uint8Array(values.length);
      values.forEach((v, i) => (q[i] = quantizeValue(v, p, qmin, qmax)));
      const qName = edit.short('cq');
      const sName = edit.short('cs');
      const zName = edit.short('cz');
      edit.addInitializer(makeTensor(qName, QUANT_TYPE[settings.activationType], c.dims.map(Number), q));
      edit.addInitializer(floatTensor(sName, [], [p.scale]));
      const zp = typedZeros(settings.activationType, 1);
      zp[0] = p.zeroPoint;
      edit.addInitializer(makeTensor(zName, QUANT_TYPE[settings.activationType], [], zp));
      const dq = edit.short('cd');
      edit.addNode('DequantizeLinear', [qName, sName, zName], [dq], [], null);
      GraphEdit.rewire(a.node, c.name, dq);
    }
    activationOutputs.push([a.output, out]);
    quantized.push(a.label);
  }
  for (const [out, p] of activationOutputs) {
    const dq = qdq(out, p);
    for (const c of edit.consumers(out)) if (!quantizeNodes.has(c)) GraphEdit.rewire(c, out, dq);
  }

  // Outputs of quantized nodes: every consumer reads the dequantized copy, so that DQ → op → Q can be fused.
  let foldedRelus = 0;
  for (const n of nodes) {
    if (!quantizedNodes.has(n.node)) continue;
    const relu = foldableRelu(n, edit);
    const out = quantizedOutput(n, edit);
    if (out === null) continue;
    const p = paramsFor(out);
    if (p === null) continue;
    if (crushed(out, p) !== null) {
      floatOutputs++;
      continue;
    }
    if (relu !== null) {
      // The node now writes the Relu's output name directly; QuantizeLinear clips what Relu clipped.
      const before = n.node.output[0]!;
      n.node.output[0] = out;
      edit.graph.node = edit.graph.node.filter((x) => x !== relu);
      for (const c of edit.consumers(before)) GraphEdit.rewire(c, before, out);
      foldedRelus++;
    }
    const dq = qdq(out, p);
    for (const c of edit.consumers(out)) if (!quantizeNodes.has(c)) GraphEdit.rewire(c, out, dq);
  }
  edit.removeUnusedInitializers();
  edit.sort();
  if (floatOutputs > 0) {
    notes.push(
      `${floatOutputs} quantized node(s) keep a float32 output: its channels differ too much in scale for one int8 scale (weakest channel below ${settings.minChannelSqnrDb} dB SQNR), so ONNX Runtime runs them with int8 weights but cannot fuse them into integer kernels.`,
    );
  }
  if (weightOnly > 0) notes.push(`${weightOnly} of them keep float32 activations with int8 weights only (see excluded): smaller, but computed in float32.`);
  if (foldedRelus > 0) notes.push(`${foldedRelus} Relu node(s) directly after a quantized node were folded into its QuantizeLinear (its range starts at 0, so it clips negatives exactly as Relu did).`);
  if (raisedWeightScales > 0) notes.push(`${raisedWeightScales} node(s) got a coarser weight scale on some channels so that their bias fits int32 at scale input × weight.`);
  if (saturatedBiases > 0) notes.push(`${saturatedBiases} bias value(s) exceeded the int32 range at scale input × weight and were saturated.`);
  return { quantized, excluded, notes };
}
