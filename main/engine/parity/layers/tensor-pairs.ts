/**
 * Which intermediate tensors of the reference have a counterpart in the candidate: the same name written by a node
 * of the candidate's main graph. When the candidate quantizes that tensor (it feeds a QuantizeLinear whose output a
 * DequantizeLinear reads), the dequantized copy is what every later node reads, so that copy is compared. A tensor
 * the candidate records as rescaled channel by channel (channel equalization renames it) is paired with its renamed
 * copy, whose factors are divided out before comparing.
 */
import { normalizeDomain, topologicalOrder, type GraphProto, type NodeProto, type RescaledTensor } from '../../onnx/index.js';
import { sameQuantization } from './own-dequantize.js';

export interface TensorPair {
  /** Position of the reference's producing node in topological order. */
  index: number;
  tensor: string;
  node: NodeProto;
  candidateNode: NodeProto;
  candidateTensor: string;
  quantized: boolean;
  /** Factor of each channel (axis 1) in the candidate's copy, divided out before comparing; null when not rescaled. */
  channelScales: Float64Array | null;
}

export interface TensorPairing {
  pairs: TensorPair[];
  /** Reference node outputs without a counterpart in the candidate. */
  unmatched: number;
  /** For every reference tensor: the node that writes it (graph inputs and initializers have none). */
  producers: Map<string, NodeProto>;
}

function producersOf(graph: GraphProto): Map<string, NodeProto> {
  const map = new Map<string, NodeProto>();
  for (const n of graph.node) for (const o of n.output) if (o !== '') map.set(o, n);
  return map;
}

function consumersOf(graph: GraphProto): Map<string, NodeProto[]> {
  const map = new Map<string, NodeProto[]>();
  for (const n of graph.node) {
    for (const i of n.input) {
      if (i === '') continue;
      const list = map.get(i);
      if (list) list.push(n);
      else map.set(i, [n]);
    }
  }
  return map;
}

const isOp = (n: NodeProto, op: string): boolean => n.opType === op && normalizeDomain(n.domain) === '';

/**
 * The DequantizeLinear output that follows `tensor` through a QuantizeLinear with the same scale and zero point, or
 * null (a DequantizeLinear with another scale restores a scaled tensor: an absorbed Mul or Div by a scalar).
 */
function dequantizedCopy(tensor: string, consumers: Map<string, NodeProto[]>): string | null {
  for (const q of consumers.get(tensor) ?? []) {
    if (!isOp(q, 'QuantizeLinear') || q.input[0] !== tensor) continue;
    const dq = (consumers.get(q.output[0] ?? '') ?? []).find((d) => isOp(d, 'DequantizeLinear') && sameQuantization(q, d));
    if (dq?.output[0]) return dq.output[0];
  }
  return null;
}

/** The node whose output a DequantizeLinear restores (through its QuantizeLinear), or null. */
function quantizedSource(dq: NodeProto, producers: Map<string, NodeProto>): NodeProto | null {
  const q = producers.get(dq.input[0] ?? '');
  if (q === undefined || !isOp(q, 'QuantizeLinear')) return null;
  return producers.get(q.input[0] ?? '') ?? null;
}

/** Pairs the reference's node outputs, in graph order, with the candidate's tensors of the same name. */
export function pairTensors(reference: GraphProto, candidate: GraphProto, rescaled: ReadonlyMap<string, RescaledTensor> = new Map()): TensorPairing {
  const order = topologicalOrder(reference);
  const candidateProducers = producersOf(candidate);
  const candidateConsumers = consumersOf(candidate);
  const pairs: TensorPair[] = [];
  let unmatched = 0;
  order.forEach((node, index) => {
    // Constants are weights, not layers (a prepared candidate holds them as initializers anyway).
    if (isOp(node, 'Constant')) return;
    for (const tensor of node.output) {
      if (tensor === '') continue;
      const copy = rescaled.get(tensor);
      const name = copy !== undefined && candidateProducers.has(copy.renamed) ? copy.renamed : tensor;
      const producer = candidateProducers.get(name);
      if (producer === undefined) {
        unmatched++;
        continue;
      }
      // The candidate may write the dequantized copy under the tensor's own name: its node is the quantized one.
      const requantized = isOp(producer, 'DequantizeLinear') ? quantizedSource(producer, candidateProducers) : null;
      const dq = requantized === null ? dequantizedCopy(name, candidateConsumers) : null;
      pairs.push({
        index,
        tensor,
        node,
        candidateNode: requantized ?? producer,
        candidateTensor: dq ?? name,
        quantized: requantized !== null || dq !== null || isOp(producer, 'DequantizeLinear'),
        channelScales: name === tensor ? null : copy!.scales,
      });
    }
  });
  return { pairs, unmatched, producers: producersOf(reference) };
}
