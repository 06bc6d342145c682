/**
 * From the placement and the calibrated ranges to the final decision: each tensor's scale and zero point (its own
 * range, clipped to a saturating activation's bounds; or the tensor it follows), the tensors the channel-SQNR guard
 * keeps float32, and the operators that end up as integer kernels. A tensor stays quantized only while an integer
 * kernel writes or reads it (directly or through pass-through operators), so a guard that keeps one operator float
 * also drops the quantization steps that only served it.
 */
import { weakestChannelSqnrDb } from '../calibration/channel-energy.js';
import type { ActivationRange } from '../calibration/histogram-range.js';
import { rangeParams, type QuantParams, type QuantType } from '../quant-params.js';
import type { NodeProto } from '../../onnx/index.js';
import type { ActivationFold, PlacedNode, PlacementPlan } from './placement.js';

export interface QdqSettings {
  /**
   * Least SQNR (dB) of an activation's weakest channel under one per-tensor scale: a tensor below it stays float32
   * (its readers and writer then run in float). null disables the check.
   */
  minChannelSqnrDb: number | null;
  /** When set, the guard applies to these tensors only (the others are quantized whatever their weakest channel). */
  guardOnly?: ReadonlySet<string>;
  perChannel: boolean;
  reduceRange: boolean;
  activationType: QuantType;
  weightType: QuantType;
}

export interface TensorQuantization {
  params: QuantParams;
  /** own: Q → DQ with its own range; pass-through: Q → DQ with the followed tensor's parameters; scale: a DQ of `root`'s integer data. */
  kind: 'own' | 'pass-through' | 'scale';
  /** The tensor whose QuantizeLinear holds the integer data (itself unless kind is scale). */
  root: string;
}

export interface ResolvedPlacement {
  tensors: Map<string, TensorQuantization>;
  integerNodes: Set<NodeProto>;
  /** Folds that hold (their output is quantized, so its QuantizeLinear saturates as the activation did). */
  folds: ActivationFold[];
  /** Why a tensor could not be quantized (no calibration data, or too different channel scales). */
  tensorReasons: Map<string, string>;
  /** Tensors the channel-SQNR guard keeps float32. */
  guarded: string[];
}

/** Scale and zero point over `range` clipped to `bounds`; the top of the grid is kept inside an upper bound. */
export function boundedParams(range: ActivationRange, bounds: { lo: number; hi: number } | undefined, type: QuantType): QuantParams {
  const min = bounds === undefined ? range.min : Math.max(range.min, bounds.lo);
  const max = bounds === undefined ? range.max : Math.min(range.max, bounds.hi);
  const p = rangeParams(min, Math.max(min, max), type, false, false);
  if (bounds === undefined || !Number.isFinite(bounds.hi)) return p;
  const qmax = type === 'uint8' ? 255 : 127;
  // ONNX Runtime removes a Clip in front of a QuantizeLinear only if the grid's top does not exceed the Clip's max.
  let scale = p.scale;
  while (scale * (qmax - p.zeroPoint) > bounds.hi && scale > 0) scale = Math.fround(scale * (1 - 2 ** -23));
  return { scale, zeroPoint: p.zeroPoint };
}

/** Resolves the plan against calibration (see the file comment). */
export function resolveQuantization(
  plan: PlacementPlan,
  ranges: ReadonlyMap<string, ActivationRange>,
  meanSquares: ReadonlyMap<string, Float64Array>,
  settings: QdqSettings,
): ResolvedPlacement {
  const tensorReasons = new Map<string, string>();
  const guarded: string[] = [];
  const own = new Map<string, QuantParams>();
  for (const t of plan.observe.keys()) {
    const blocked = plan.blocked.get(t);
    if (blocked !== undefined) {
      tensorReasons.set(t, `${t} is ${blocked}`);
      continue;
    }
    const range = ranges.get(t);
    if (range === undefined) {
      tensorReasons.set(t, `${t} had no finite value during calibration`);
      continue;
    }
    const p = boundedParams(range, plan.bounds.get(t), settings.activationType);
    const ms = meanSquares.get(t);
    if (settings.minChannelSqnrDb !== null && ms !== undefined && (settings.guardOnly === undefined || settings.guardOnly.has(t))) {
      const db = weakestChannelSqnrDb(ms, p.scale);
      if (db < settings.minChannelSqnrDb) {
        tensorReasons.set(t, `the channels of ${t} differ too much in scale for one int8 scale (weakest channel ${db.toFixed(1)} dB SQNR, floor ${settings.minChannelSqnrDb} dB)`);
        guarded.push(t);
        continue;
      }
    }
    own.set(t, p);
  }

  const children = new Map<string, string[]>();
  for (const [t, d] of plan.derived) children.set(d.from, [...(children.get(d.from) ?? []), t]);
  const placed = (n: NodeProto | undefined): PlacedNode | undefined => (n === undefined ? undefined : plan.nodes.get(n));
  const computes = (n: NodeProto | undefined, integer: ReadonlySet<NodeProto>): boolean => {
    const p = placed(n);
    return p !== undefined && integer.has(p.node) && (p.role === 'weighted' || p.role === 'integer');
  };

  let alive = new Set(own.keys());
  for (;;) {
    const tensors = new Map<string, TensorQuantization>();
    const resolve = (t: string, seen: Set<string>): TensorQuantization | null => {
      const known = tensors.get(t);
      if (known !== undefined) return known;
      if (plan.graphOutputs.has(t) || seen.has(t)) return null;
      seen.add(t);
      let q: TensorQuantization | null = null;
      const d = plan.derived.get(t);
      const from = d === undefined ? null : resolve(d.from, seen);
      if (d !== undefined && from !== null) {
        const params = { scale: Math.fround(from.params.scale * d.factor), zeroPoint: from.params.zeroPoint };
        q = d.via === 'scale' ? { params, kind: 'scale', root: from.root } : { params, kind: 'pass-through', root: t };
      } else if (alive.has(t)) {
        q = { params: own.get(t)!, kind: 'own', root: t };
      }
      if (q !== null) tensors.set(t, q);
      return q;
    };
    for (const t of new Set([...own.keys(), ...plan.derived.keys()])) resolve(t, new Set());

    const integer = new Set<NodeProto>();
    for (const p of plan.nodes.values()) {
      const inputsOk = p.inputs.every((t) => tensors.has(t));
      const floatOutputOk = p.role === 'weighted' && (p.node.opType === 'MatMul' || p.node.opType === 'Gemm');
      const outputsOk = p.outputs.every((t) => tensors.has(t)) || floatOutputOk;
      if (inputsOk && outputsOk) integer.add(p.node);
    }

    const wantedDerived = (u: string): boolean =>
      (plan.readers.get(u) ?? []).some((c) => computes(c, integer)) || (children.get(u) ?? []).some((v) => tensors.has(v) && wantedDerived(v));
    const next = new Set(
      [...alive].filter((t) => {
        if (tensors.get(t)?.kind !== 'own') return true;
        return computes(plan.producer.get(t), integer) || wantedDerived(t);
      }),
    );
    if (next.size === alive.size) {
      return { tensors, integerNodes: integer, folds: plan.folds.filter((f) => tensors.has(f.after)), tensorReasons, guarded };
    }
    alive = next;
  }
}
