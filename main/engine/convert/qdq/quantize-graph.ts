/**
 * int8-static on one copy of the prepared graph, in the two halves calibration separates: plan (which nodes, which
 * tensors to observe) and quantize (resolve against the calibrated ranges, rewrite in QDQ form). The recipe can
 * plan a second copy and quantize it with other settings from the same calibration (the channel-guard check).
 */
import type { ModelProto, TensorOrigin } from '../../onnx/index.js';
import type { ActivationRange } from '../calibration/histogram-range.js';
import { GraphEdit } from '../graph-edit.js';
import type { TensorTypes } from '../tensor-types.js';
import { selectWeightedNodes, type NodeSelection } from '../weighted-nodes.js';
import { applyQdq, type QdqResult } from './apply-qdq.js';
import { planPlacement, type PlacementOptions, type PlacementPlan } from './placement.js';
import { resolveQuantization, type QdqSettings, type ResolvedPlacement } from './resolve-quantization.js';

/** Operators with a constant weight that int8-static quantizes (ConvTranspose: weights only, no integer CPU kernel). */
export const WEIGHTED_OPS: ReadonlySet<string> = new Set(['Conv', 'ConvTranspose', 'MatMul', 'Gemm']);

export interface PlannedGraph {
  proto: ModelProto;
  origin: TensorOrigin;
  edit: GraphEdit;
  selection: NodeSelection;
  plan: PlacementPlan;
}

export interface QuantizedGraph extends PlannedGraph {
  resolved: ResolvedPlacement;
  result: QdqResult;
}

/** Selects the weighted nodes and plans the placement on `proto` (nothing rewritten yet). */
export function planGraph(proto: ModelProto, origin: TensorOrigin, types: TensorTypes, exclusions: PlacementOptions): PlannedGraph {
  const edit = new GraphEdit(proto.graph!);
  const selection = selectWeightedNodes(proto, edit, types, { ops: WEIGHTED_OPS, ...exclusions });
  const plan = planPlacement(edit, origin, types, selection.selected, exclusions);
  return { proto, origin, edit, selection, plan };
}

/** Resolves the plan against calibration (nothing rewritten yet). */
export function resolveGraph(planned: PlannedGraph, ranges: ReadonlyMap<string, ActivationRange>, meanSquares: ReadonlyMap<string, Float64Array>, settings: QdqSettings): ResolvedPlacement {
  return resolveQuantization(planned.plan, ranges, meanSquares, settings);
}

/**
 * Rewrites the planned graph in QDQ form as resolved; `inputMeans` (the calibration's channel means) corrects the
 * biases for the weights' rounding, null leaves them as they are.
 */
export function quantizeGraph(planned: PlannedGraph, resolved: ResolvedPlacement, settings: QdqSettings, inputMeans: ReadonlyMap<string, Float64Array> | null): QuantizedGraph {
  const result = applyQdq(planned.edit, planned.origin, planned.plan, resolved, planned.selection.selected, settings, inputMeans);
  for (const e of [...planned.selection.excluded, ...planned.plan.excluded]) if (!result.floatReasons.has(e.name)) result.floatReasons.set(e.name, e.reason);
  // At level 'all' ONNX Runtime runs a float Conv in its NCHWc layout as a new node named after the Conv's output.
  for (const node of planned.edit.graph.node) {
    const reason = result.floatReasons.get(node.name);
    const output = node.output[0];
    if (reason !== undefined && node.opType === 'Conv' && output) result.floatReasons.set(`${output}_nchwc`, `${node.name} (run by ONNX Runtime in its NCHWc layout): ${reason}`);
  }
  return { ...planned, resolved, result };
}
