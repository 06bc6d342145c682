/**
 * Older exporters (IR version 3, where every initializer had to be a graph input, and PyTorch before 1.4 by default)
 * list each weight a second time as a graph input. ONNX reads such an input as "a default value the caller may
 * override", so ONNX Runtime cannot fold or fuse those weights, and tools that rewrite weights (float16, int8) leave
 * the input declared with the old type. Parity never feeds them: it treats them as the constants they are.
 */
import type { GraphProto, ModelProto } from './generated/onnx_pb.js';

/** Names of the main graph's inputs that also have an initializer (the weights an old exporter listed as inputs). */
export function initializerInputs(graph: GraphProto | undefined): string[] {
  if (graph === undefined) return [];
  const weights = new Set(graph.initializer.map((t) => t.name));
  return graph.input.filter((v) => weights.has(v.name)).map((v) => v.name);
}

/**
 * Removes initializer-backed inputs from the main graph, in place, and raises IR version 3 to 4 (the first IR in
 * which an initializer need not be an input); returns how many inputs were removed.
 */
export function dropInitializerInputs(proto: ModelProto): number {
  const graph = proto.graph;
  const names = new Set(initializerInputs(graph));
  if (graph === undefined || names.size === 0) return 0;
  graph.input = graph.input.filter((v) => !names.has(v.name));
  if (proto.irVersion < 4n) proto.irVersion = 4n;
  return names.size;
}
