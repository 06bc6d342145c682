/**
 * Optional QDQ on weightless operators (`--also-quantize Add,Mul,…`) for which ONNX Runtime has integer kernels
 * (QLinearAdd, QLinearMul, QLinearGlobalAveragePool, QLinearAveragePool, QLinearSigmoid, QLinearConcat): with them
 * the data between convolutions can stay int8 instead of being dequantized around every element-wise op. Off by
 * default: each extra quantized tensor adds rounding error, and whether it pays off depends on the CPU (measure it
 * with the bench or the compare report).
 */
import { normalizeDomain, type NodeProto, type TensorProto } from '../onnx/index.js';
import type { GraphEdit } from './graph-edit.js';
import { isFloat32, type TensorTypes } from './tensor-types.js';
import { nodeLabel, type Exclusion } from './weighted-nodes.js';

export interface ActivationNode {
  node: NodeProto;
  label: string;
  /** Float32 inputs computed at run time (quantized from calibration ranges). */
  activations: string[];
  /** Float32 constant inputs (quantized per tensor from their own values). */
  constants: TensorProto[];
  output: string;
}

/** Picks the nodes of the requested weightless op types whose float inputs and output can all be quantized. */
export function selectActivationNodes(
  edit: GraphEdit,
  types: TensorTypes,
  ops: ReadonlySet<string>,
  excludeNodes: ReadonlySet<string>,
  excludeOps: ReadonlySet<string>,
): { selected: ActivationNode[]; excluded: Exclusion[] } {
  const selected: ActivationNode[] = [];
  const excluded: Exclusion[] = [];
  edit.graph.node.forEach((node, index) => {
    if (normalizeDomain(node.domain) !== '' || !ops.has(node.opType)) return;
    const label = nodeLabel(node, index);
    if (excludeNodes.has(node.name)) return excluded.push({ name: label, reason: 'excluded by --exclude-nodes' });
    if (excludeOps.has(node.opType)) return excluded.push({ name: label, reason: `excluded by --exclude-ops (${node.opType})` });
    const output = node.output[0] ?? '';
    if (node.output.length !== 1 || !isFloat32(types, output) || edit.isGraphOutput(output)) {
      return excluded.push({ name: label, reason: 'its output is not a float32 intermediate tensor' });
    }
    const activations: string[] = [];
    const constants: TensorProto[] = [];
    for (const input of node.input) {
      if (input === '') continue;
      const init = edit.initializer(input);
      if (!isFloat32(types, input)) return excluded.push({ name: label, reason: `its input ${input} is not float32` });
      if (init !== undefined) constants.push(init);
      else if (!activations.includes(input)) activations.push(input);
    }
    if (activations.length === 0) return excluded.push({ name: label, reason: 'it only reads constants' });
    selected.push({ node, label, activations, constants, output });
  });
  return { selected, excluded };
}
