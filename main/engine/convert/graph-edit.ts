/**
 * Small editing helpers over one ONNX graph, shared by the recipes: unique names, initializer lookup, producers
 * and consumers, new nodes, attributes and tensors. Edits happen in place on the GraphProto.
 */
import { create } from '@bufbuild/protobuf';
import {
  AttributeProto_AttributeType as AttrType,
  nodeSubgraphs,
  normalizeDomain,
  AttributeProtoSchema,
  NodeProtoSchema,
  TensorProto_DataType as DataType,
  TensorProtoSchema,
  topologicalOrder,
  type AttributeProto,
  type GraphProto,
  type NodeProto,
  type TensorProto,
} from '../onnx/index.js';

export class GraphEdit {
  private readonly names = new Set<string>();
  private readonly inits = new Map<string, TensorProto>();
  private readonly counters = new Map<string, number>();

  constructor(readonly graph: GraphProto) {
    for (const v of [...graph.input, ...graph.output, ...graph.valueInfo]) this.names.add(v.name);
    for (const t of graph.initializer) {
      this.names.add(t.name);
      this.inits.set(t.name, t);
    }
    const visit = (g: GraphProto): void => {
      for (const n of g.node) {
        if (n.name !== '') this.names.add(n.name);
        for (const o of n.output) this.names.add(o);
        for (const i of n.input) this.names.add(i);
        for (const sub of nodeSubgraphs(n)) visit(sub);
      }
    };
    visit(graph);
  }

  /** `base`, or `base_1`, `base_2`, … : a tensor or node name not yet used anywhere in the graph. */
  unique(base: string): string {
    let name = base;
    for (let i = 1; this.names.has(name); i++) name = `${base}_${i}`;
    this.names.add(name);
    return name;
  }

  /** A short unused name `<prefix><n>` (n counts up per prefix), for the many small tensors quantization adds. */
  short(prefix: string): string {
    let n = (this.counters.get(prefix) ?? 0) + 1;
    while (this.names.has(`${prefix}${n}`)) n++;
    this.counters.set(prefix, n);
    const name = `${prefix}${n}`;
    this.names.add(name);
    return name;
  }

  initializer(name: string): TensorProto | undefined {
    return this.inits.get(name);
  }

  addInitializer(tensor: TensorProto): void {
    this.names.add(tensor.name);
    this.inits.set(tensor.name, tensor);
    this.graph.initializer.push(tensor);
  }

  /** The node whose output is `name` (main graph only). */
  producer(name: string): NodeProto | undefined {
    return this.graph.node.find((n) => n.output.includes(name));
  }

  /** Nodes reading `name` as an input (main graph only). */
  consumers(name: string): NodeProto[] {
    return this.graph.node.filter((n) => n.input.includes(name));
  }

  isGraphOutput(name: string): boolean {
    return this.graph.output.some((o) => o.name === name);
  }

  isGraphInput(name: string): boolean {
    return this.graph.input.some((i) => i.name === name) && !this.inits.has(name);
  }

  /**
   * Creates a default-domain node, appends it to the graph and returns it (call sort() when done). `name` null
   * leaves the node unnamed, which ONNX allows: quantized graphs add hundreds of Q/DQ nodes whose names would
   * cost more bytes than their weights.
   */
  addNode(opType: string, inputs: string[], outputs: string[], attributes: AttributeProto[] = [], name?: string | null): NodeProto {
    const node = create(NodeProtoSchema, {
      opType,
      input: inputs,
      output: outputs,
      attribute: attributes,
      name: name === null ? '' : this.unique(name ?? `${outputs[0] ?? opType}_${opType}`),
    });
    this.graph.node.push(node);
    return node;
  }

  /** Replaces input `from` by `to` in `node` (every slot that reads it). */
  static rewire(node: NodeProto, from: string, to: string): void {
    node.input = node.input.map((i) => (i === from ? to : i));
  }

  /** Names some node (in any nested graph) reads, and the graph outputs. */
  private readNames(): Set<string> {
    const read = new Set<string>(this.graph.output.map((o) => o.name));
    const visit = (g: GraphProto): void => {
      for (const n of g.node) {
        for (const i of n.input) read.add(i);
        for (const sub of nodeSubgraphs(n)) visit(sub);
      }
    };
    visit(this.graph);
    return read;
  }

  /** Drops initializers no node (in any nested graph) reads and that are not graph outputs. */
  removeUnusedInitializers(): void {
    const used = this.readNames();
    const removed = new Set(this.graph.initializer.filter((t) => !used.has(t.name)).map((t) => t.name));
    if (removed.size === 0) return;
    this.graph.initializer = this.graph.initializer.filter((t) => !removed.has(t.name));
    for (const name of removed) this.inits.delete(name);
    // Initializers also listed as graph inputs (IR < 4 style) leave the input list with them.
    this.graph.input = this.graph.input.filter((v) => !removed.has(v.name));
  }

  /**
   * Drops nodes of the given types whose outputs no node (in any nested graph) reads and that are not graph outputs,
   * until none is left (a QuantizeLinear whose only reader was such a DequantizeLinear goes next). ONNX Runtime runs
   * every node of the graph, read or not. Returns how many were dropped.
   */
  removeUnreadNodes(opTypes: ReadonlySet<string>): number {
    let dropped = 0;
    for (;;) {
      const read = this.readNames();
      const unread = new Set(this.graph.node.filter((n) => opTypes.has(n.opType) && normalizeDomain(n.domain) === '' && !n.output.some((o) => o !== '' && read.has(o))));
      if (unread.size === 0) return dropped;
      dropped += unread.size;
      this.graph.node = this.graph.node.filter((n) => !unread.has(n));
    }
  }

  /** Puts the nodes in topological order (new nodes were appended at the end). */
  sort(): void {
    this.graph.node = topologicalOrder(this.graph);
  }
}

/** The attribute `name` of a node, if present. */
export function attr(node: NodeProto, name: string): AttributeProto | undefined {
  return node.attribute.find((a) => a.name === name);
}

export function attrInt(node: NodeProto, name: string, fallback: number): number {
  const a = attr(node, name);
  return a === undefined ? fallback : Number(a.i);
}

export function attrFloat(node: NodeProto, name: string, fallback: number): number {
  const a = attr(node, name);
  return a === undefined ? fallback : a.f;
}

export function attrInts(node: NodeProto, name: string): number[] | undefined {
  const a = attr(node, name);
  return a === undefined ? undefined : a.ints.map(Number);
}

export function attrString(node: NodeProto, name: string): string | undefined {
  const a = attr(node, name);
  return a === undefined ? undefined : new TextDecoder().decode(a.s);
}

export function removeAttr(node: NodeProto, name: string): void {
  node.attribute = node.attribute.filter((a) => a.name !== name);
}

export function intAttr(name: string, value: number): AttributeProto {
  return create(AttributeProtoSchema, { name, type: AttrType.INT, i: BigInt(value) });
}

export function intsAttr(name: string, values: readonly number[]): AttributeProto {
  return create(AttributeProtoSchema, { name, type: AttrType.INTS, ints: values.map(BigInt) });
}

export function floatAttr(name: string, value: number): AttributeProto {
  return create(AttributeProtoSchema, { name, type: AttrType.FLOAT, f: value });
}

export function stringAttr(name: string, value: string): AttributeProto {
  return create(AttributeProtoSchema, { name, type: AttrType.STRING, s: new TextEncoder().encode(value) });
}

type TypedValues = Float32Array | Float64Array | Int8Array | Uint8Array | Int32Array | BigInt64Array | Uint16Array;

/** A tensor with raw little-endian data copied from `values` (the platforms Node runs on are little-endian). */
export function makeTensor(name: string, dataType: DataType, dims: readonly number[], values: TypedValues): TensorProto {
  const bytes = new Uint8Array(values.byteLength);
  bytes.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  return create(TensorProtoSchema, { name, dataType, dims: dims.map(BigInt), rawData: bytes });
}

export function floatTensor(name: string, dims: readonly number[], values: Float32Array | readonly number[]): TensorProto {
  return makeTensor(name, DataType.FLOAT, dims, values instanceof Float32Array ? values : Float32Array.from(values));
}

export function int64Tensor(name: string, dims: readonly number[], values: readonly number[]): TensorProto {
  return makeTensor(name, DataType.INT64, dims, BigInt64Array.from(values.map(BigInt)));
}

/** The element types Parity quantizes to, with their ONNX codes. */
export const QUANT_TYPE = { int8: DataType.INT8, uint8: DataType.UINT8 } as const;
