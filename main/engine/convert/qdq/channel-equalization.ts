/**
 * Channel equalization before int8 activations are placed (data-aware cross-layer equalization, after Nagel et al.,
 * "Data-Free Quantization Through Weight Equalization and Bias Correction", 2019). In MobileNet-style networks the
 * channels of one activation differ in range by orders of magnitude (BatchNormalization folded into each Conv), so
 * one uint8 scale per tensor leaves the small channels a handful of steps, and the residual stream carries a few
 * outlier channels that set the whole tensor's step.
 *
 * Two kinds of group are rescaled, each channel c by a factor k_c in every tensor of the group: the Convs writing
 * the group multiply their output channel c (row c of the weight, and the bias), the Convs reading it divide their
 * input channel c back.
 * - Activated: Conv → Relu | Clip(0, hi) → depthwise Convs (MobileNet's expansion). Relu is positively homogeneous;
 *   a Clip(0, hi) is too as long as k_c·x ≤ hi, which holds on the calibration images because no channel is raised
 *   above the tensor's largest channel (itself ≤ hi) and k_c ≥ 1. A value beyond its channel's calibrated range
 *   saturates earlier, as the int8 file would saturate it at the tensor's range anyway.
 * - Linear: the tensors joined by Adds (a residual stream: projection Convs and Adds writing it, Convs and Adds
 *   reading it, nothing else), where any k_c > 0 is exact. A lone Conv → Conv without an Add is left alone.
 *
 * Each channel is brought to the group's largest peak (k_c = M / a_c). With per-channel weights, scaling a Conv's
 * output channel costs nothing (its own scale follows), nor does dividing a depthwise reader's channel. A dense
 * (group 1) reader quantizes each output row with one scale, so its input column c shrinks by k_c against the row:
 * on a residual stream (channel peaks within 5–30× of each other in MobileNetV2) that costs less than the stream's
 * precision gains (the network's outputs +2 dB SQNR, bench/int8-vnni-accuracy.js); after a ReLU6, where some
 * channels are nearly silent and the factors reach thousands, it cost up to 8 dB, so such chains are left alone.
 *
 * The rescaled tensors get new names (`<name>_equalized`): their values are no longer the original's. The recipe
 * records the factors in the model's metadata (onnx/channel-scales.ts), and `parity layers` divides them back out.
 */
import { normalizeDomain, tensorToTypedArray, TensorProto_DataType as DataType, type NodeProto, type RescaledTensor, type TensorOrigin, type TensorProto } from '../../onnx/index.js';
import type { ActivationRange } from '../calibration/histogram-range.js';
import type { ChannelRanges } from '../calibration/calibrate.js';
import { attrInt, floatTensor, type GraphEdit } from '../graph-edit.js';
import type { TensorTypes } from '../tensor-types.js';
import { activationBounds } from './placement.js';

/** No channel is raised more than this (a channel this far below its neighbours carries nothing usable). */
const MAX_SCALE = 1e4;
/** A group is rescaled only when its factors span at least this ratio. */
const MIN_GAIN = 1.25;

interface ConvWeight {
  node: NodeProto;
  weight: TensorProto;
  dims: number[];
  group: number;
}

export interface EqualizationGroup {
  kind: 'activated' | 'linear';
  /** Convs writing the group (their output channels scale), each with its float bias if any. */
  producers: Array<ConvWeight & { bias: TensorProto | null }>;
  /** Relu/Clip (activated) or Adds (linear) inside the group. */
  inner: NodeProto[];
  /** Every tensor of the group; for an activated group [the Conv's output, the activation's output]. */
  tensors: string[];
  readers: ConvWeight[];
  channels: number;
}

export interface Equalization {
  /** Original tensor name → its rescaled copy's name and the factor of each channel (shared by a group's tensors). */
  rescaled: Map<string, RescaledTensor>;
  /** Groups rescaled, by kind. */
  activated: number;
  linear: number;
  /** The widest ratio between the largest and smallest factor of one group. */
  largest: number;
}

function floatInit(edit: GraphEdit, name: string | undefined): TensorProto | null {
  if (name === undefined || name === '') return null;
  const t = edit.initializer(name);
  return t !== undefined && t.dataType === DataType.FLOAT ? t : null;
}

function convWeight(edit: GraphEdit, node: NodeProto): ConvWeight | null {
  if (node.opType !== 'Conv' || normalizeDomain(node.domain) !== '') return null;
  const weight = floatInit(edit, node.input[1]);
  if (weight === null || weight.dims.length < 3) return null;
  return { node, weight, dims: weight.dims.map(Number), group: attrInt(node, 'group', 1) };
}

function withBias(edit: GraphEdit, conv: ConvWeight): (ConvWeight & { bias: TensorProto | null }) | null {
  const bias = floatInit(edit, conv.node.input[2]);
  return (conv.node.input[2] ?? '') !== '' && bias === null ? null : { ...conv, bias };
}

/** Whether `r` reads `t` (and only as its data input) with one weight column, or one depthwise channel, per channel. */
function readsChannels(r: ConvWeight, t: string, channels: number): boolean {
  return r.node.input[0] === t && r.node.input.indexOf(t, 1) === -1 && ((r.group === 1 && r.dims[1] === channels) || (r.group === channels && r.dims[1] === 1 && r.dims[0]! % channels === 0));
}

/** Conv → Relu | Clip(0, hi) → depthwise Convs, the Conv's output read by the activation only. */
function activatedGroup(edit: GraphEdit, origin: TensorOrigin, node: NodeProto): EqualizationGroup | null {
  const conv = convWeight(edit, node);
  const producer = conv === null ? null : withBias(edit, conv);
  const x = node.output[0] ?? '';
  if (producer === null || node.output.length !== 1 || x === '' || edit.isGraphOutput(x)) return null;
  const first = edit.consumers(x);
  const act = first.length === 1 ? first[0]! : null;
  if (act === null || (act.opType !== 'Relu' && act.opType !== 'Clip') || normalizeDomain(act.domain) !== '') return null;
  const b = activationBounds(edit, origin, act);
  const y = act.output[0] ?? '';
  if (b === null || b.lo !== 0 || !(b.hi > 0) || y === '' || edit.isGraphOutput(y)) return null;
  const channels = producer.dims[0]!;
  const readers = edit.consumers(y).map((n) => convWeight(edit, n));
  // Depthwise readers only: dividing a depthwise channel back costs nothing under per-channel weights, while a dense
  // reader's column shrinks against its row's scale (raising such channels cost up to 8 dB on a block built in code).
  if (readers.length === 0 || readers.some((r) => r === null || r.group === 1 || !readsChannels(r, y, channels))) return null;
  return { kind: 'activated', producers: [producer], inner: [act], tensors: [x, y], readers: readers as ConvWeight[], channels };
}

/** The tensors joined to `seed` by at least one Add, written by Convs and Adds, read by Convs and Adds only; else null. */
function linearGroup(edit: GraphEdit, seed: string, channels: number): EqualizationGroup | null {
  const group: EqualizationGroup = { kind: 'linear', producers: [], inner: [], tensors: [], readers: [], channels };
  const seen = new Set<string>();
  const queue = [seed];
  const isAdd = (n: NodeProto): boolean =>
    n.opType === 'Add' && normalizeDomain(n.domain) === '' && n.input.length === 2 && n.output.length === 1 && n.input.every((i) => i !== '' && edit.initializer(i) === undefined && !edit.isGraphInput(i));
  const addNode = <T extends { node: NodeProto }>(list: T[], item: T): void => void (list.some((x) => x.node === item.node) ? null : list.push(item));
  while (queue.length > 0) {
    const t = queue.pop()!;
    if (seen.has(t)) continue;
    seen.add(t);
    if (t === '' || edit.isGraphOutput(t) || edit.isGraphInput(t) || edit.initializer(t) !== undefined) return null;
    group.tensors.push(t);
    const p = edit.producer(t);
    if (p === undefined) return null;
    const conv = convWeight(edit, p);
    if (conv !== null) {
      const producer = withBias(edit, conv);
      if (producer === null || p.output.length !== 1 || producer.dims[0] !== channels) return null;
      addNode(group.producers, producer);
    } else if (isAdd(p)) {
      if (!group.inner.includes(p)) group.inner.push(p);
      queue.push(...p.input);
    } else return null;
    for (const r of edit.consumers(t)) {
      const reader = convWeight(edit, r);
      if (reader !== null && readsChannels(reader, t, channels)) addNode(group.readers, reader);
      else if (isAdd(r)) {
        if (!group.inner.includes(r)) group.inner.push(r);
        queue.push(...r.input, r.output[0]!);
      } else return null;
    }
  }
  // Without an Add this is a lone Conv → dense Conv: on BlazeFace's depthwise → 1×1 pairs (channel peaks 330×
  // apart) raising the quiet channels shrank the 1×1 columns enough to cost 0.8 dB and the zoo's IoU bar.
  return group.readers.length > 0 && group.producers.length > 0 && group.inner.length > 0 ? group : null;
}

/** The groups whose channels can be rescaled exactly (each tensor in one group at most). */
export function findEqualizationGroups(edit: GraphEdit, origin: TensorOrigin): EqualizationGroup[] {
  const groups: EqualizationGroup[] = [];
  const taken = new Set<string>();
  for (const node of edit.graph.node) {
    const conv = convWeight(edit, node);
    const x = node.output[0] ?? '';
    if (conv === null || x === '' || taken.has(x)) continue;
    const g = activatedGroup(edit, origin, node) ?? linearGroup(edit, x, conv.dims[0]!);
    if (g === null || g.tensors.some((t) => taken.has(t))) continue;
    g.tensors.forEach((t) => taken.add(t));
    groups.push(g);
  }
  return groups;
}

const values = (origin: TensorOrigin, t: TensorProto): Float32Array => tensorToTypedArray(origin, t) as Float32Array;

/** The Conv's weight as the graph has it now (an earlier group may have rewritten it). */
const currentWeight = (edit: GraphEdit, conv: ConvWeight): TensorProto => edit.initializer(conv.node.input[1]!) ?? conv.weight;

/** Largest |value| of each channel over the observed `tensors` of the group (null when none was observed per channel). */
function channelPeaks(group: EqualizationGroup, channelRanges: ReadonlyMap<string, ChannelRanges>, tensors: readonly string[]): Float64Array | null {
  let peak: Float64Array | null = null;
  for (const t of tensors) {
    const r = channelRanges.get(t);
    if (r === undefined) continue;
    peak ??= new Float64Array(group.channels);
    for (let c = 0; c < group.channels; c++) {
      const p = Math.max(Math.abs(r.min[c]!), Math.abs(r.max[c]!));
      if (Number.isFinite(p) && p > peak[c]!) peak[c] = p;
    }
  }
  return peak;
}

/** Every channel brought to the group's largest peak, k_c = M / a_c (at most MAX_SCALE; silent channels stay). */
function raiseToLargest(peak: Float64Array): Float64Array {
  const top = Math.max(...peak);
  return peak.map((a) => (a > 0 ? Math.min(MAX_SCALE, top / a) : 1));
}

/** Each channel's factor for one group, or null when no channel would gain MIN_GAIN relative to the others. */
export function chooseScales(group: EqualizationGroup, channelRanges: ReadonlyMap<string, ChannelRanges>): Float64Array | null {
  // Every observed tensor of the group must have been seen with its channels on axis 1, or its range could not be restated.
  if (group.tensors.some((t) => (channelRanges.get(t)?.max.length ?? group.channels) !== group.channels)) return null;
  // An activated group is read after its activation: that tensor's channels bound the factors.
  const peak = channelPeaks(group, channelRanges, group.kind === 'activated' ? group.tensors.slice(1) : group.tensors);
  if (peak === null || !(Math.max(...peak) > 0)) return null;
  const k = raiseToLargest(peak);
  return Math.max(...k) / Math.min(...k) >= MIN_GAIN ? k : null;
}

function rewriteWeight(edit: GraphEdit, origin: TensorOrigin, conv: ConvWeight, factorOf: (i: number) => number, suffix: string): void {
  const w = Float32Array.from(values(origin, currentWeight(edit, conv)));
  for (let i = 0; i < w.length; i++) w[i] = w[i]! * factorOf(i);
  const name = edit.unique(`${conv.weight.name}_${suffix}`);
  edit.addInitializer(floatTensor(name, conv.dims, w));
  conv.node.input[1] = name;
}

/** Rescales one group's channels by `k` (weights and biases rewritten, its tensors renamed); returns old → new names. */
function applyGroup(edit: GraphEdit, origin: TensorOrigin, group: EqualizationGroup, k: Float64Array, types: TensorTypes): Map<string, string> {
  const c = group.channels;
  for (const p of group.producers) {
    const perRow = p.dims.slice(1).reduce((a, b) => a * b, 1);
    rewriteWeight(edit, origin, p, (i) => k[Math.floor(i / perRow)]!, 'equalized');
    if (p.bias !== null) {
      const b = values(origin, p.bias);
      const name = edit.unique(`${p.bias.name}_equalized`);
      edit.addInitializer(floatTensor(name, [c], Float32Array.from({ length: c }, (_, i) => b[i]! * k[i]!)));
      p.node.input[2] = name;
    }
  }
  for (const r of group.readers) {
    const inner = r.dims.slice(2).reduce((a, b) => a * b, 1);
    const multiplier = r.dims[0]! / c;
    const channelOf = r.group === 1 ? (i: number): number => Math.floor(i / inner) % c : (i: number): number => Math.floor(Math.floor(i / inner) / multiplier);
    rewriteWeight(edit, origin, r, (i) => 1 / k[channelOf(i)]!, 'equalized');
  }
  const renamed = new Map<string, string>();
  for (const t of group.tensors) {
    const name = edit.unique(`${t}_equalized`);
    renamed.set(t, name);
    const type = types.get(t);
    if (type !== undefined) types.set(name, type);
  }
  const rename = (list: string[]): void => list.forEach((v, i) => (list[i] = renamed.get(v) ?? v));
  for (const n of [...group.producers.map((p) => p.node), ...group.inner, ...group.readers.map((r) => r.node)]) {
    rename(n.input);
    rename(n.output);
  }
  return renamed;
}

/**
 * Rescales every group whose calibrated channels gain from it (its tensors must have been observed with per-channel
 * ranges); the graph is rewritten in place and `types` learns the new names.
 */
export function equalizeChannels(edit: GraphEdit, origin: TensorOrigin, channelRanges: ReadonlyMap<string, ChannelRanges>, types: TensorTypes): Equalization {
  const out: Equalization = { rescaled: new Map(), activated: 0, linear: 0, largest: 1 };
  for (const group of findEqualizationGroups(edit, origin)) {
    const k = chooseScales(group, channelRanges);
    if (k === null) continue;
    for (const [from, renamed] of applyGroup(edit, origin, group, k, types)) out.rescaled.set(from, { renamed, scales: k });
    out[group.kind]++;
    out.largest = Math.max(out.largest, Math.max(...k) / Math.min(...k));
  }
  return out;
}

/**
 * What calibration saw, restated for the rescaled tensors: each channel's range, mean and mean square scaled exactly; the
 * tensor's range is the span of its scaled channels, whatever the calibration method (a histogram of the original
 * tensor says nothing about the rescaled one, and its channels now share the range evenly).
 */
export function equalizedCalibration<
  T extends { ranges: Map<string, ActivationRange>; meanSquares: Map<string, Float64Array>; channelRanges: Map<string, ChannelRanges>; channelMeans: Map<string, Float64Array> },
>(
  calibration: T,
  eq: Equalization,
): T {
  const ranges = new Map(calibration.ranges);
  const meanSquares = new Map(calibration.meanSquares);
  const channelRanges = new Map(calibration.channelRanges);
  const channelMeans = new Map(calibration.channelMeans);
  for (const [from, { renamed: to, scales: k }] of eq.rescaled) {
    const per = calibration.channelRanges.get(from);
    // A tensor calibration did not observe (a Conv output whose Relu/Clip folds into its quantization) needs no range.
    if (per === undefined) continue;
    const scaled = { min: per.min.map((v, i) => v * k[i]!), max: per.max.map((v, i) => v * k[i]!) };
    channelRanges.set(to, scaled);
    const finite = (a: Float64Array): number[] => [...a].filter(Number.isFinite);
    ranges.set(to, { min: Math.min(...finite(scaled.min)), max: Math.max(...finite(scaled.max)) });
    const ms = calibration.meanSquares.get(from);
    if (ms !== undefined) meanSquares.set(to, ms.map((v, i) => v * k[i]! * k[i]!));
    const mean = calibration.channelMeans.get(from);
    if (mean !== undefined) channelMeans.set(to, mean.map((v, i) => v * k[i]!));
  }
  return { ...calibration, ranges, meanSquares, channelRanges, channelMeans };
}
