/**
 * Which weighted nodes computed in float32 (no integer kernel, or their tensors kept float32 by the channel guard or
 * by the user) keep their float32 weight instead of an int8 one. A float32 kernel prepacks a constant weight once
 * (for a Conv, into ONNX Runtime's NCHWc layout); an int8 weight behind a DequantizeLinear is dequantized on every
 * run and read by the generic kernel. On the PaddleOCR detector (AMD EPYC, AVX-512) its three float32 convolutions
 * took 10.5 ms a run that way and 2.1 ms prepacked (plus 4.7 ms of layout reorders). The smallest weights go first,
 * while the file grows by at most FLOAT_WEIGHT_GROWTH of its int8 weights' bytes: int8-static's file stays small.
 */
import type { NodeProto } from '../../onnx/index.js';
import type { WeightedNode } from '../weighted-nodes.js';

export const FLOAT_WEIGHT_GROWTH = 0.1;

/** How many values the node's weight holds (its bytes in int8). */
export const weightValues = (w: WeightedNode): number => w.weight.dims.reduce((a, d) => a * Number(d), 1);

export function floatKeptWeights(weighted: readonly WeightedNode[], integerNodes: ReadonlySet<NodeProto>): Set<WeightedNode> {
  const int8Bytes = [...new Map(weighted.map((w) => [w.weight.name, weightValues(w)])).values()].reduce((a, b) => a + b, 0);
  const chosen = new Set<WeightedNode>();
  let grown = 0;
  for (const w of weighted.filter((x) => !integerNodes.has(x.node)).sort((a, b) => weightValues(a) - weightValues(b))) {
    // float32 takes 3 bytes per value more than int8
    if (grown + 3 * weightValues(w) > FLOAT_WEIGHT_GROWTH * int8Bytes) break;
    grown += 3 * weightValues(w);
    chosen.add(w);
  }
  return chosen;
}
