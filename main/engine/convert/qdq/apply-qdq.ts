/**
 * Writes the resolved placement into the graph in QDQ form: folded activations removed (their producer writes the
 * activation's output), scalar scalings removed, one QuantizeLinear → DequantizeLinear per quantized tensor (only a
 * DequantizeLinear with the multiplied scale for a scaled tensor), readers rewired to the dequantized copy wherever
 * ONNX Runtime must see DQ → op → Q to fuse, int8 weights and int32 biases. Any runtime that does not fuse simply
 * computes the dequantized values, so the file stays standard ONNX (opset 13).
 */
import { type NodeProto, type TensorOrigin } from '../../onnx/index.js';
import { GraphEdit } from '../graph-edit.js';
import type { Exclusion, WeightedNode } from '../weighted-nodes.js';
import type { PlacementPlan } from './placement.js';
import type { QdqSettings, ResolvedPlacement } from './resolve-quantization.js';
import { addQuantParams, dequantizedConstant, WeightQuantizer } from './weights.js';
import { addPerAxisDequantize, floatWeightReaderAxis } from './float-reader-dq.js';
import type { BiasSwap } from './bias-correction.js';
import { FLOAT_WEIGHT_GROWTH, floatKeptWeights, weightValues } from './float-kept-weights.js';

export interface QdqResult {
  quantized: string[];
  excluded: Exclusion[];
  notes: string[];
  /** Why each operator left in float32 stays there, by node name (for the fusion check's islands). */
  floatReasons: Map<string, string>;
  /** The biases corrected for the weights' rounding, each with its uncorrected twin. */
  biasSwaps: BiasSwap[];
  /** The manifest note on bias correction (null when no bias was corrected). */
  biasNote: string | null;
}

const QDQ_OPS: ReadonlySet<string> = new Set(['QuantizeLinear', 'DequantizeLinear']);

const kib = (bytes: number): string => (bytes / 1024).toFixed(1);

function removeNodes(edit: GraphEdit, nodes: ReadonlySet<NodeProto>): void {
  if (nodes.size > 0) edit.graph.node = edit.graph.node.filter((n) => !nodes.has(n));
}

/** Why a candidate is not an integer kernel: the first of its tensors left in float32. */
function floatTensorReason(tensors: readonly string[], resolved: ResolvedPlacement, plan: PlacementPlan): string {
  for (const t of tensors) {
    if (resolved.tensors.has(t)) continue;
    if (plan.graphOutputs.has(t)) return `${t} is a network output, which stays float32`;
    return resolved.tensorReasons.get(t) ?? `${t} stays float32: no integer kernel next to it reads or writes it`;
  }
  return 'its tensors stay float32';
}

/** Rewrites the graph in place (see the file comment); `weighted` lists every node with a constant weight to quantize. */
/** `inputMeans`: the calibration's channel means of the activations, for bias correction (null: no correction). */
export function applyQdq(
  edit: GraphEdit,
  origin: TensorOrigin,
  plan: PlacementPlan,
  resolved: ResolvedPlacement,
  weighted: readonly WeightedNode[],
  settings: QdqSettings,
  inputMeans: ReadonlyMap<string, Float64Array> | null,
): QdqResult {
  const { tensors, integerNodes } = resolved;
  const removed = new Set<NodeProto>();
  for (const f of resolved.folds) {
    f.producer.output = f.producer.output.map((o) => (o === f.before ? f.after : o));
    removed.add(f.activation);
  }
  const foldOutputs = new Set(resolved.folds.map((f) => f.after));
  for (const [t, q] of tensors) if (q.kind === 'scale') removed.add(plan.derived.get(t)!.node);
  removeNodes(edit, removed);

  // QuantizeLinear outputs (the integer data) of own and pass-through tensors first: scaled tensors read them.
  const integerData = new Map<string, { q: string; scale: string; zp: string }>();
  const dequantized = new Map<string, string>();
  for (const [t, q] of tensors) {
    if (q.kind === 'scale') continue;
    const [scale, zp] = addQuantParams(edit, q.params, settings.activationType);
    const qOut = edit.short('qq');
    edit.addNode('QuantizeLinear', [t, scale, zp], [qOut], [], null);
    integerData.set(t, { q: qOut, scale, zp });
    const dq = edit.short('qd');
    edit.addNode('DequantizeLinear', [qOut, scale, zp], [dq], [], null);
    dequantized.set(t, dq);
  }
  for (const [t, q] of tensors) {
    if (q.kind !== 'scale') continue;
    const [scale, zp] = addQuantParams(edit, q.params, settings.activationType);
    const dq = edit.short('qd');
    edit.addNode('DequantizeLinear', [integerData.get(q.root)!.q, scale, zp], [dq], [], null);
    dequantized.set(t, dq);
  }

  const producerIsInteger = (t: string): boolean => {
    const p = plan.producer.get(t);
    return p !== undefined && integerNodes.has(p);
  };
  let perAxisReaders = 0;
  // One per-channel copy per integer tensor and channel axis, shared by the float readers that need the same one.
  const perAxis = new Map<string, string>();
  for (const [t, q] of tensors) {
    // A float reader of a tensor written by a float operator keeps the exact value; every other reader must see
    // the DQ: for its own fusion, for the producer's (all its output edges must be Q), or because the tensor only
    // exists quantized (a folded activation's saturation, a removed scaling).
    const mustDequantize = q.kind === 'scale' || foldOutputs.has(t) || producerIsInteger(t);
    for (const reader of plan.readers.get(t) ?? []) {
      if (removed.has(reader)) continue;
      if (!mustDequantize && !integerNodes.has(reader)) continue;
      const keepFloat = integerNodes.has(reader) ? null : floatWeightReaderAxis(edit, reader, t);
      if (keepFloat === null) {
        GraphEdit.rewire(reader, t, dequantized.get(t)!);
        continue;
      }
      const integer = integerData.get(q.kind === 'scale' ? q.root : t)!.q;
      const key = `${integer}|${q.params.scale}|${q.params.zeroPoint}|${keepFloat.axis}|${keepFloat.length}`;
      let copy = perAxis.get(key);
      if (copy === undefined) {
        copy = addPerAxisDequantize(edit, integer, q.params, settings.activationType, keepFloat.axis, keepFloat.length);
        perAxis.set(key, copy);
      }
      reader.input[0] = copy;
      perAxisReaders++;
    }
  }

  // Constants of weightless integer kernels.
  const constantDq = new Map<string, string>();
  for (const node of integerNodes) {
    const placed = plan.nodes.get(node)!;
    if (placed.role !== 'integer') continue;
    for (const c of placed.constants) {
      let dq = constantDq.get(c);
      if (dq === undefined) {
        dq = dequantizedConstant(edit, origin, edit.initializer(c)!, settings.activationType);
        constantDq.set(c, dq);
      }
      GraphEdit.rewire(node, c, dq);
    }
  }

  const weights = new WeightQuantizer(edit, origin, settings, inputMeans);
  const floatStored = floatKeptWeights(weighted, integerNodes);
  const excluded: Exclusion[] = [];
  const floatReasons = new Map<string, string>();
  const quantized: string[] = [];
  let weightOnly = 0;
  let floatKept = 0;
  for (const w of weighted) {
    const integer = integerNodes.has(w.node);
    const keepsFloatWeight = floatStored.has(w);
    if (!keepsFloatWeight) {
      const input = integer ? tensors.get(w.activation)!.params : null;
      const weight = weights.weight(w, input);
      if (integer) weights.bias(w, input!, weight);
      else weights.floatBias(w, weight.shift);
      quantized.push(w.label);
    }
    if (!integer) {
      weightOnly++;
      if (keepsFloatWeight) floatKept += weightValues(w);
      const placed = plan.nodes.get(w.node);
      const weightForm = keepsFloatWeight ? 'float32 weights' : 'int8-rounded weights';
      const reason =
        placed === undefined
          ? `ONNX Runtime has no integer CPU kernel for ${w.node.opType}: ${weightForm}, float32 compute`
          : `${floatTensorReason([...placed.inputs, ...placed.outputs], resolved, plan)}: computed in float32 with ${weightForm}`;
      excluded.push({ name: w.label, reason });
      floatReasons.set(w.node.name, reason);
    }
  }
  let weightless = 0;
  for (const p of plan.nodes.values()) {
    if (p.role === 'weighted' || removed.has(p.node)) continue;
    if (integerNodes.has(p.node)) {
      if (p.role === 'integer') {
        quantized.push(p.label);
        weightless++;
      }
      continue;
    }
    const reason = floatTensorReason([...p.inputs, ...p.outputs], resolved, plan);
    floatReasons.set(p.node.name, reason);
    if (p.role === 'integer') excluded.push({ name: p.label, reason: `kept float32: ${reason}` });
  }
  // A tensor whose readers were all removed (an absorbed scaling) or all read a per-channel copy leaves its
  // DequantizeLinear unread; ONNX Runtime would still run it on every inference.
  edit.removeUnreadNodes(QDQ_OPS);
  edit.removeUnusedInitializers();
  edit.sort();

  const notes: string[] = [];
  const fused = weighted.length - weightOnly;
  notes.push(`${fused} of ${weighted.length} Conv/MatMul/Gemm node(s) and ${weightless} weightless operator(s) (Add, Mul, Concat, pools, …) run as integer kernels; ${tensors.size} tensor(s) quantized.`);
  if (weightOnly > 0) {
    const stored = floatStored.size;
    const how =
      stored === 0
        ? 'smaller, but computed in float32'
        : `computed in float32; ${stored === weightOnly ? 'they keep' : `${stored} of them keep`} their float32 weights (+${kib(3 * floatKept)} KiB over int8), which ONNX Runtime prepacks once, where int8 weights would be dequantized on every run and read by its slower generic kernel${stored === weightOnly ? '' : `; the others' are int8, to keep the file's growth within ${FLOAT_WEIGHT_GROWTH * 100}% of its int8 weights`}`;
    notes.push(`${weightOnly} weighted node(s) keep float32 activations (see excluded): ${how}.`);
  }
  if (perAxisReaders > 0) {
    notes.push(`${perAxisReaders} Conv/Gemm node(s) kept in float32 read their activation through a per-channel DequantizeLinear (same values), so that ONNX Runtime does not quantize their float32 weights per tensor and fuse them after all.`);
  }
  if (resolved.folds.length > 0) {
    const types = [...new Set(resolved.folds.map((f) => f.activation.opType))].join('/');
    notes.push(`${resolved.folds.length} ${types} node(s) folded into the QuantizeLinear of the operator they follow (its range clipped to the activation's bounds, so it saturates exactly as the activation did).`);
  }
  const scaled = [...tensors.values()].filter((q) => q.kind === 'scale').length;
  if (scaled > 0) notes.push(`${scaled} Mul/Div by a positive scalar absorbed into a DequantizeLinear scale (no operator left).`);
  if (weights.stats.raisedWeightScales > 0) notes.push(`${weights.stats.raisedWeightScales} node(s) got a coarser weight scale on some channels so that their bias fits int32 at scale input × weight.`);
  if (weights.stats.saturatedBiases > 0) notes.push(`${weights.stats.saturatedBiases} bias value(s) exceeded the int32 range at scale input × weight and were saturated.`);
  const biasNote =
    weights.stats.correctedBiases === 0
      ? null
      : `Bias correction of ${weights.stats.correctedBiases} node(s) for the mean shift that rounding their weights to int8 causes on the calibration images (Σ (int8 weight − float weight) × the input channel's mean, subtracted from the bias; largest shift ${weights.stats.largestShift.toPrecision(3)})`;
  return { quantized, excluded, notes, floatReasons, biasSwaps: weights.swaps, biasNote };
}
