/**
 * A QDQ candidate may hold no DequantizeLinear with a QuantizeLinear's own scale and zero point: where a Mul or Div
 * by a positive scalar was absorbed into the scale of the DequantizeLinear its reader needs, Parity's int8-static
 * drops the tensor's own copy, which nothing reads (ONNX Runtime would still run it). The layers view compares the
 * tensor itself, so its in-memory copy of the candidate gets that DequantizeLinear back: (q − zero point) × scale,
 * the tensor's quantized value, read by nothing but the comparison. The user's file is not touched.
 */
import { create } from '@bufbuild/protobuf';
import { normalizeDomain, NodeProtoSchema, type ModelProto, type NodeProto } from '../../onnx/index.js';

const isOp = (n: NodeProto, op: string): boolean => n.opType === op && normalizeDomain(n.domain) === '';

/** Whether `dq` dequantizes with `q`'s own scale and zero point (a missing zero point is the same as another). */
export function sameQuantization(q: NodeProto, dq: NodeProto): boolean {
  return (q.input[1] ?? '') === (dq.input[1] ?? '') && (q.input[2] ?? '') === (dq.input[2] ?? '');
}

/** A copy of `proto` in which every QuantizeLinear of the main graph has a DequantizeLinear with its own parameters. */
export function withOwnDequantize(proto: ModelProto): ModelProto {
  const graph = proto.graph!;
  const readers = new Map<string, NodeProto[]>();
  const names = new Set<string>();
  for (const n of graph.node) {
    for (const o of n.output) names.add(o);
    for (const i of n.input) {
      names.add(i);
      readers.set(i, [...(readers.get(i) ?? []), n]);
    }
  }
  const nodes: NodeProto[] = [];
  let added = 0;
  for (const n of graph.node) {
    nodes.push(n);
    const integer = n.output[0] ?? '';
    if (!isOp(n, 'QuantizeLinear') || integer === '') continue;
    if ((readers.get(integer) ?? []).some((r) => isOp(r, 'DequantizeLinear') && r.input[0] === integer && sameQuantization(n, r))) continue;
    let name = `${n.input[0]}_own_dequantized`;
    for (let k = 1; names.has(name); k++) name = `${n.input[0]}_own_dequantized_${k}`;
    names.add(name);
    const inputs = n.input[2] ? [integer, n.input[1]!, n.input[2]] : [integer, n.input[1]!];
    nodes.push(create(NodeProtoSchema, { opType: 'DequantizeLinear', input: inputs, output: [name], attribute: n.attribute.filter((a) => a.name === 'axis'), name }));
    added++;
  }
  return added === 0 ? proto : ({ ...proto, graph: { ...graph, node: nodes } } as ModelProto);
}
