/** Walks every graph and every tensor of a model: subgraphs in attributes, functions and training graphs too. */
import type { AttributeProto, GraphProto, ModelProto, NodeProto, TensorProto } from './generated/onnx_pb.js';

/** Where a tensor was found, for messages and for writers that treat initializers and attributes differently. */
export type TensorPlace =
  | { readonly kind: 'initializer'; readonly graph: GraphProto }
  | { readonly kind: 'sparse_initializer'; readonly graph: GraphProto }
  | { readonly kind: 'attribute'; readonly node: NodeProto; readonly attribute: AttributeProto };

/** Subgraphs held by a node's attributes (If branches, Loop/Scan bodies). */
export function nodeSubgraphs(node: NodeProto): GraphProto[] {
  const out: GraphProto[] = [];
  for (const attr of node.attribute) {
    if (attr.g !== undefined) out.push(attr.g);
    out.push(...attr.graphs);
  }
  return out;
}

/** Calls `visit` for the main graph and every graph nested in it (depth first); `depth` is 0 for the main graph. */
export function forEachGraph(model: ModelProto, visit: (graph: GraphProto, depth: number) => void): void {
  const stack: Array<[GraphProto, number]> = [];
  if (model.graph !== undefined) stack.push([model.graph, 0]);
  for (const info of model.trainingInfo) {
    if (info.initialization !== undefined) stack.push([info.initialization, 1]);
    if (info.algorithm !== undefined) stack.push([info.algorithm, 1]);
  }
  const functionNodes = model.functions.flatMap((f) => f.node);
  for (const node of functionNodes) for (const g of nodeSubgraphs(node)) stack.push([g, 1]);
  while (stack.length > 0) {
    const [graph, depth] = stack.pop()!;
    visit(graph, depth);
    for (const node of graph.node) for (const g of nodeSubgraphs(node)) stack.push([g, depth + 1]);
  }
}

/** Calls `visit` for every TensorProto in the model: initializers, sparse parts, attribute tensors everywhere. */
export function forEachTensor(model: ModelProto, visit: (tensor: TensorProto, place: TensorPlace) => void): void {
  const visitNodes = (nodes: readonly NodeProto[]): void => {
    for (const node of nodes) {
      for (const attribute of node.attribute) {
        const place: TensorPlace = { kind: 'attribute', node, attribute };
        if (attribute.t !== undefined) visit(attribute.t, place);
        for (const t of attribute.tensors) visit(t, place);
        for (const s of [...(attribute.sparseTensor !== undefined ? [attribute.sparseTensor] : []), ...attribute.sparseTensors]) {
          if (s.values !== undefined) visit(s.values, place);
          if (s.indices !== undefined) visit(s.indices, place);
        }
      }
    }
  };
  forEachGraph(model, (graph) => {
    for (const t of graph.initializer) visit(t, { kind: 'initializer', graph });
    for (const s of graph.sparseInitializer) {
      if (s.values !== undefined) visit(s.values, { kind: 'sparse_initializer', graph });
      if (s.indices !== undefined) visit(s.indices, { kind: 'sparse_initializer', graph });
    }
    visitNodes(graph.node);
  });
  visitNodes(model.functions.flatMap((f) => f.node));
}
