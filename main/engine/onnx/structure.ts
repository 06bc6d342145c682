/**
 * Structural checks that decide whether a graph can run at all: every node input has a producer, the graph is
 * acyclic, every domain has an opset import, and declared types agree with the tensors that back them.
 */
import type { GraphProto, ModelProto, NodeProto, TensorProto, TypeProto, ValueInfoProto } from './generated/onnx_pb.js';
import { badModel } from './bad-model.js';
import { protoOf, type LoadedModel } from './loaded-model.js';
import { dtypeName } from './dtypes.js';
import { nodeSubgraphs } from './graph-walk.js';
import { constantValueTensor } from './weights.js';

export type StructureIssueCode =
  | 'NO_GRAPH'
  | 'EMPTY_OP_TYPE'
  | 'UNDEFINED_INPUT'
  | 'UNDEFINED_OUTPUT'
  | 'DUPLICATE_OUTPUT'
  | 'CYCLE'
  | 'MISSING_OPSET'
  | 'TYPE_MISMATCH'
  | 'SHAPE_MISMATCH';

export interface StructureIssue {
  readonly severity: 'error' | 'warning';
  readonly code: StructureIssueCode;
  /** One plain sentence. */
  readonly message: string;
  /** Name of the graph the issue is in ("main" for the model's graph, a path for subgraphs). */
  readonly graph: string;
  readonly node?: string;
  readonly tensor?: string;
}

const MAX_ISSUES = 200;

/** Default-domain aliases: "" and "ai.onnx" are the same operator set. */
export function normalizeDomain(domain: string): string {
  return domain === 'ai.onnx' ? '' : domain;
}

function nodeLabel(node: NodeProto, index: number): string {
  return node.name !== '' ? node.name : `#${index} (${node.opType || '?'})`;
}

/** Names a graph's nodes (and nested subgraphs) read from enclosing scopes: its free variables. */
export function outerScopeNames(graph: GraphProto): Set<string> {
  const defined = new Set<string>();
  for (const v of graph.input) defined.add(v.name);
  for (const t of graph.initializer) defined.add(t.name);
  for (const s of graph.sparseInitializer) if (s.values !== undefined) defined.add(s.values.name);
  for (const n of graph.node) for (const o of n.output) if (o !== '') defined.add(o);
  const free = new Set<string>();
  for (const node of graph.node) {
    for (const name of node.input) if (name !== '' && !defined.has(name)) free.add(name);
    for (const sub of nodeSubgraphs(node)) for (const name of outerScopeNames(sub)) if (!defined.has(name)) free.add(name);
  }
  return free;
}

/** Everything a node reads: its inputs and what its subgraphs read from the enclosing graph. */
function nodeReads(node: NodeProto): string[] {
  const reads = node.input.filter((n) => n !== '');
  for (const sub of nodeSubgraphs(node)) reads.push(...outerScopeNames(sub));
  return reads;
}

interface OrderResult {
  readonly order: NodeProto[];
  /** Nodes left over because they sit on (or behind) a cycle. */
  readonly cyclic: NodeProto[];
}

function orderNodes(graph: GraphProto): OrderResult {
  const producer = new Map<string, number>();
  graph.node.forEach((node, i) => {
    for (const o of node.output) if (o !== '' && !producer.has(o)) producer.set(o, i);
  });
  const pending = new Array<number>(graph.node.length).fill(0);
  const consumers: number[][] = graph.node.map(() => []);
  graph.node.forEach((node, i) => {
    for (const name of new Set(nodeReads(node))) {
      const p = producer.get(name);
      if (p === undefined) continue;
      pending[i]!++;
      consumers[p]!.push(i);
    }
  });
  // Kahn's algorithm, taking ready nodes in file order so an already sorted graph keeps its order.
  const ready: number[] = [];
  pending.forEach((count, i) => {
    if (count === 0) ready.push(i);
  });
  const order: NodeProto[] = [];
  const heap = new MinHeap(ready);
  while (heap.size > 0) {
    const i = heap.pop();
    order.push(graph.node[i]!);
    for (const c of consumers[i]!) if (--pending[c]! === 0) heap.push(c);
  }
  const cyclic = graph.node.filter((_, i) => pending[i]! > 0);
  return { order, cyclic };
}

/** The graph's nodes in an order where each comes after the producers of its inputs; throws BAD_MODEL on a cycle. */
export function topologicalOrder(graph: GraphProto): NodeProto[] {
  const { order, cyclic } = orderNodes(graph);
  if (cyclic.length > 0) {
    throw badModel(`The graph has a cycle through ${cyclic.length} node(s), e.g. ${cyclic.slice(0, 3).map((n, i) => nodeLabel(n, i)).join(', ')}.`);
  }
  return order;
}

class MinHeap {
  private readonly items: number[] = [];
  constructor(initial: readonly number[]) {
    for (const v of initial) this.push(v);
  }
  get size(): number {
    return this.items.length;
  }
  push(value: number): void {
    const a = this.items;
    a.push(value);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent]! <= a[i]!) break;
      [a[parent], a[i]] = [a[i]!, a[parent]!];
      i = parent;
    }
  }
  pop(): number {
    const a = this.items;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l]! < a[m]!) m = l;
        if (r < a.length && a[r]! < a[m]!) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}

interface DeclaredType {
  readonly elemType: number;
  readonly dims: ReadonlyArray<number | null> | null;
}

function declaredType(type: TypeProto | undefined): DeclaredType | null {
  if (type?.value.case !== 'tensorType') return null;
  const t = type.value.value;
  const dims = t.shape === undefined ? null : t.shape.dim.map((d) => (d.value.case === 'dimValue' ? Number(d.value.value) : null));
  return { elemType: t.elemType, dims };
}

/** Checks a model's structure; returns every issue found (empty when the model is sound). Never throws. */
export function checkModelStructure(modelOrLoaded: ModelProto | LoadedModel): StructureIssue[] {
  const model = protoOf(modelOrLoaded);
  const issues: StructureIssue[] = [];
  const add = (issue: StructureIssue): void => {
    if (issues.length < MAX_ISSUES) issues.push(issue);
  };
  if (model.graph === undefined) {
    add({ severity: 'error', code: 'NO_GRAPH', message: 'The model has no graph.', graph: 'main' });
    return issues;
  }
  const imported = new Set(model.opsetImport.map((o) => normalizeDomain(o.domain)));
  const missingDomains = new Map<string, string>();
  checkGraph(model.graph, 'main', new Set(), add, (domain, graphName) => {
    if (!imported.has(domain) && !missingDomains.has(domain)) missingDomains.set(domain, graphName);
  });
  for (const [domain, graphName] of missingDomains) {
    add({
      severity: 'error',
      code: 'MISSING_OPSET',
      message: `Nodes use the operator domain "${domain || 'ai.onnx'}" but the model imports no opset for it.`,
      graph: graphName,
    });
  }
  return issues;
}

function checkGraph(
  graph: GraphProto,
  graphName: string,
  outer: ReadonlySet<string>,
  add: (issue: StructureIssue) => void,
  useDomain: (domain: string, graphName: string) => void,
): void {
  const available = new Set(outer);
  for (const v of graph.input) available.add(v.name);
  for (const t of graph.initializer) available.add(t.name);
  for (const s of graph.sparseInitializer) if (s.values !== undefined) available.add(s.values.name);
  const graphInputs = new Set(graph.input.map((v) => v.name));
  const initializers = new Set(graph.initializer.map((t) => t.name));

  const produced = new Set<string>();
  graph.node.forEach((node, i) => {
    if (node.opType === '') {
      add({ severity: 'error', code: 'EMPTY_OP_TYPE', message: `Node ${nodeLabel(node, i)} has no op_type.`, graph: graphName, node: nodeLabel(node, i) });
    }
    useDomain(normalizeDomain(node.domain), graphName);
    for (const o of node.output) {
      if (o === '') continue;
      if (produced.has(o) || graphInputs.has(o) || initializers.has(o)) {
        add({
          severity: 'error',
          code: 'DUPLICATE_OUTPUT',
          message: `Tensor "${o}" is produced more than once (again by node ${nodeLabel(node, i)}).`,
          graph: graphName,
          node: nodeLabel(node, i),
          tensor: o,
        });
      }
      produced.add(o);
    }
  });

  graph.node.forEach((node, i) => {
    for (const name of nodeReads(node)) {
      if (!available.has(name) && !produced.has(name)) {
        add({
          severity: 'error',
          code: 'UNDEFINED_INPUT',
          message: `Node ${nodeLabel(node, i)} reads "${name}", which no initializer, graph input or node produces.`,
          graph: graphName,
          node: nodeLabel(node, i),
          tensor: name,
        });
      }
    }
  });

  const { cyclic } = orderNodes(graph);
  if (cyclic.length > 0) {
    add({
      severity: 'error',
      code: 'CYCLE',
      message: `The graph has a cycle: ${cyclic.length} node(s) depend on their own outputs, e.g. ${cyclic
        .slice(0, 3)
        .map((n) => nodeLabel(n, graph.node.indexOf(n)))
        .join(', ')}.`,
      graph: graphName,
      node: nodeLabel(cyclic[0]!, graph.node.indexOf(cyclic[0]!)),
    });
  }

  for (const out of graph.output) {
    if (!available.has(out.name) && !produced.has(out.name)) {
      add({
        severity: 'error',
        code: 'UNDEFINED_OUTPUT',
        message: `Graph output "${out.name}" is not produced by any node, input or initializer.`,
        graph: graphName,
        tensor: out.name,
      });
    }
  }

  checkDeclaredTypes(graph, graphName, add);

  const inner = new Set([...available, ...produced]);
  graph.node.forEach((node, i) => {
    for (const sub of nodeSubgraphs(node)) {
      checkGraph(sub, `${graphName}/${nodeLabel(node, i)}/${sub.name || 'subgraph'}`, inner, add, useDomain);
    }
  });
}

function checkDeclaredTypes(graph: GraphProto, graphName: string, add: (issue: StructureIssue) => void): void {
  const declared = new Map<string, DeclaredType>();
  const declare = (v: ValueInfoProto): void => {
    const t = declaredType(v.type);
    if (t === null) return;
    const prev = declared.get(v.name);
    if (prev !== undefined && prev.elemType !== 0 && t.elemType !== 0 && prev.elemType !== t.elemType) {
      add({
        severity: 'error',
        code: 'TYPE_MISMATCH',
        message: `"${v.name}" is declared both as ${dtypeName(prev.elemType)} and as ${dtypeName(t.elemType)}.`,
        graph: graphName,
        tensor: v.name,
      });
    }
    if (prev === undefined || prev.elemType === 0) declared.set(v.name, t);
  };
  graph.input.forEach(declare);
  graph.output.forEach(declare);
  graph.valueInfo.forEach(declare);

  const compare = (tensor: TensorProto, name: string, what: string): void => {
    const decl = declared.get(name);
    if (decl === undefined) return;
    if (decl.elemType !== 0 && decl.elemType !== tensor.dataType) {
      add({
        severity: 'error',
        code: 'TYPE_MISMATCH',
        message: `${what} "${name}" holds ${dtypeName(tensor.dataType)} but is declared as ${dtypeName(decl.elemType)}.`,
        graph: graphName,
        tensor: name,
      });
      return;
    }
    if (decl.dims === null) return;
    const dims = tensor.dims.map(Number);
    const clash = decl.dims.length !== dims.length || decl.dims.some((d, i) => d !== null && d !== dims[i]);
    if (clash) {
      add({
        severity: 'error',
        code: 'SHAPE_MISMATCH',
        message: `${what} "${name}" has shape [${dims.join('x')}] but is declared as [${decl.dims.map((d) => d ?? '?').join('x')}].`,
        graph: graphName,
        tensor: name,
      });
    }
  };
  for (const t of graph.initializer) compare(t, t.name, 'Initializer');
  for (const node of graph.node) {
    const value = node.opType === 'Constant' && normalizeDomain(node.domain) === '' ? constantValueTensor(node) : null;
    if (value !== null && node.output[0] !== undefined) compare(value, node.output[0], 'Constant');
  }
}
