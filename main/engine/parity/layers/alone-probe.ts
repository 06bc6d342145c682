/**
 * Each quantized node of the candidate on its own, fed the reference's exact inputs: a small model made of copies
 * of the candidate's quantized nodes with the QuantizeLinear/DequantizeLinear nodes and constants around them,
 * whose graph inputs are reference tensors. Running it on the reference's intermediate tensors gives, in one pass,
 * the error each node would add if it were the only one quantized — the classic per-layer sensitivity — without
 * the noise it inherits from the nodes before it. The copies keep the candidate's opsets; the reference itself
 * is not edited (its opset may differ).
 */
import { create } from '@bufbuild/protobuf';
import { NodeProtoSchema, normalizeDomain, TensorProto_DataType, tensorValueInfo, type ModelProto, type NodeProto, type TensorProto } from '../../onnx/index.js';
import type { TensorPair } from './tensor-pairs.js';

export interface AloneProbe {
  model: ModelProto;
  /** Reference tensors the probe reads (its graph inputs). */
  feeds: string[];
  /** Index into the pairs → the probe's output holding that tensor computed by its node alone. */
  outputs: Map<number, string>;
}

const QUANT_OPS = new Set(['QuantizeLinear', 'DequantizeLinear']);
const isQuant = (n: NodeProto): boolean => QUANT_OPS.has(n.opType) && normalizeDomain(n.domain) === '';

/**
 * Builds the probe for every pair whose candidate node is quantized (see below); `available` says whether
 * the reference can provide a tensor as a float32 input. Null when no node qualifies.
 */
export function buildAloneProbe(candidate: ModelProto, pairs: readonly TensorPair[], available: (tensor: string) => boolean): AloneProbe | null {
  const graph = candidate.graph!;
  const producers = new Map<string, NodeProto>();
  for (const n of graph.node) for (const o of n.output) if (o !== '') producers.set(o, n);
  const initializers = new Map(graph.initializer.map((t) => [t.name, t]));
  const nodes: NodeProto[] = [];
  const copiedInits: TensorProto[] = [];
  const feeds = new Set<string>();
  const outputs = new Map<number, string>();

  pairs.forEach((pair, index) => {
    const node = pair.candidateNode;
    const dequantized = node.input.map((i) => producers.get(i)).filter((p) => p !== undefined && p.opType === 'DequantizeLinear' && normalizeDomain(p.domain) === '');
    // Quantized: int8 weights (a DequantizeLinear of a constant), or quantized inputs and output (a fusable
    // DQ → op → Q group). A float op that merely reads a dequantized tensor is not.
    const weights = dequantized.some((dq) => initializers.has(dq!.input[0] ?? ''));
    if (isQuant(node) || !(weights || (dequantized.length > 0 && pair.quantized))) return;
    const prefix = `parity.alone.${index}/`;
    const local: NodeProto[] = [];
    const localInits: TensorProto[] = [];
    const localFeeds = new Set<string>();
    const renamed = new Map<string, string>();
    let computed = false;
    // Walks back from `tensor` through quantization nodes to reference tensors; false when one is missing.
    const walk = (tensor: string): string | null => {
      if (tensor === '') return '';
      const seen = renamed.get(tensor);
      if (seen !== undefined) return seen;
      const init = initializers.get(tensor);
      if (init !== undefined) {
        const name = prefix + tensor;
        localInits.push({ ...init, name });
        renamed.set(tensor, name);
        return name;
      }
      const producer = producers.get(tensor);
      const own = producer === node && !computed;
      if (producer !== undefined && (isQuant(producer) || own)) {
        if (own) computed = true;
        const inputs: string[] = [];
        for (const i of producer.input) {
          const mapped = walk(i);
          if (mapped === null) return null;
          inputs.push(mapped);
        }
        const out = producer.output.map((o) => (o === '' ? '' : prefix + o));
        producer.output.forEach((o, k) => o !== '' && renamed.set(o, out[k]!));
        local.push(create(NodeProtoSchema, { ...producer, name: prefix + (producer.name || `${producer.opType}:${producer.output[0] ?? ''}`), input: inputs, output: out }));
        return renamed.get(tensor)!;
      }
      if (!available(tensor)) return null;
      localFeeds.add(tensor);
      return tensor;
    };
    const out = walk(pair.candidateTensor);
    if (out === null || !computed) return;
    // Copies were pushed inputs first, so `local` is already in topological order.
    nodes.push(...local);
    copiedInits.push(...localInits);
    for (const f of localFeeds) feeds.add(f);
    outputs.set(index, out);
  });
  if (outputs.size === 0) return null;
  const model: ModelProto = {
    ...candidate,
    graph: {
      ...graph,
      name: 'parity-alone-probe',
      node: nodes,
      initializer: copiedInits,
      sparseInitializer: [],
      input: [...feeds].map((f) => tensorValueInfo(f, TensorProto_DataType.FLOAT, null)),
      output: [...outputs.values()].map((o) => tensorValueInfo(o, TensorProto_DataType.FLOAT, null)),
      valueInfo: [],
    },
  } as ModelProto;
  return { model, feeds: [...feeds], outputs };
}
