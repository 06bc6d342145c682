/**
 * The proof that a QDQ model runs as integer kernels: the graph ONNX Runtime actually executes (saved after its
 * optimizations at level 'all') is walked tensor by tensor, marking which values are 8-bit; every float operator
 * that reads data coming out of a DequantizeLinear and feeds a QuantizeLinear sits in a "float island" between
 * quantized operators. Islands are grouped by connectivity and each carries why it stays float.
 */
import { TensorProto_DataType as DataType, topologicalOrder, type ModelProto, type NodeProto } from '../../onnx/index.js';
import { floatReason, INTEGER_RUNTIME_OPS, PASS_THROUGH_OPS } from './operator-roles.js';

export interface FloatIsland {
  /** Node names in the optimized graph (ORT keeps the original names of the nodes it does not fuse). */
  nodes: string[];
  ops: string[];
  reason: string;
}

export interface FusionReport {
  /** Integer kernels in the optimized graph, by operator type. */
  integerKernels: Record<string, number>;
  /** Float compute operators left anywhere (islands, the float head before the first Q and tail after the last DQ). */
  floatOps: number;
  floatIslands: FloatIsland[];
}

/** Kernels that take 8-bit inputs but produce float32. */
const FLOAT_OUTPUT_KERNELS = new Set(['MatMulIntegerToFloat', 'DynamicQuantizeMatMul']);
/** Layout and pooling kernels ONNX Runtime inserts for 8-bit NHWC data. */
const INTEGER_DATA_MOVES = new Set([...PASS_THROUGH_OPS, 'NhwcMaxPool']);
/** Operators reading only a tensor's shape: never data in an island. */
const SHAPE_OPS = new Set(['Shape', 'Size']);

/** The inputs carrying data: input 0 of an operator that only moves data (the others are shapes and indices). */
function dataInputs(node: NodeProto): string[] {
  return INTEGER_DATA_MOVES.has(node.opType) ? [node.input[0] ?? ''] : node.input;
}

function outputsInteger(node: NodeProto, integer: ReadonlySet<string>): boolean {
  const op = node.opType;
  if (op === 'QuantizeLinear' || op === 'DynamicQuantizeLinear') return true;
  if (op === 'DequantizeLinear' || FLOAT_OUTPUT_KERNELS.has(op)) return false;
  // QGemm without an output scale (fewer than 9 inputs) writes float32.
  if (op === 'QGemm') return node.input.length >= 9 && node.input[7] !== '';
  if (INTEGER_RUNTIME_OPS.has(op)) return true;
  return INTEGER_DATA_MOVES.has(op) && integer.has(node.input[0] ?? '');
}

/** Walks the optimized graph; `reasons` (by node name) explain the float operators the quantizer chose to leave. */
export function findFloatIslands(optimized: ModelProto, reasons: ReadonlyMap<string, string>): FusionReport {
  const graph = optimized.graph!;
  const nodes = topologicalOrder(graph);
  const integer = new Set<string>();
  const constants = new Set<string>();
  for (const t of graph.initializer) {
    constants.add(t.name);
    if (t.dataType === DataType.INT8 || t.dataType === DataType.UINT8 || t.dataType === DataType.INT32) integer.add(t.name);
  }
  const integerKernels: Record<string, number> = {};
  const floatNodes = new Set<NodeProto>();
  for (const node of nodes) {
    const isInteger = outputsInteger(node, integer);
    if (isInteger) for (const o of node.output) integer.add(o);
    if (INTEGER_RUNTIME_OPS.has(node.opType) && node.opType !== 'DynamicQuantizeLinear') integerKernels[node.opType] = (integerKernels[node.opType] ?? 0) + 1;
    else if (!isInteger && node.opType !== 'QuantizeLinear' && node.opType !== 'DequantizeLinear' && !SHAPE_OPS.has(node.opType)) floatNodes.add(node);
  }

  const producer = new Map<string, NodeProto>();
  const readers = new Map<string, NodeProto[]>();
  for (const node of nodes) {
    for (const o of node.output) producer.set(o, node);
    for (const i of node.input) if (i !== '') readers.set(i, [...(readers.get(i) ?? []), node]);
  }
  // Forward from every DequantizeLinear of computed (not constant) data, through float operators.
  const fromDq = new Set<NodeProto>();
  const forward: NodeProto[] = nodes.filter((n) => n.opType === 'DequantizeLinear' && !constants.has(n.input[0] ?? ''));
  while (forward.length > 0) {
    const n = forward.pop()!;
    for (const o of n.output) {
      for (const r of readers.get(o) ?? []) {
        if (floatNodes.has(r) && !fromDq.has(r) && dataInputs(r).includes(o)) {
          fromDq.add(r);
          forward.push(r);
        }
      }
    }
  }
  // Backward from every QuantizeLinear, through float operators.
  const toQ = new Set<NodeProto>();
  const backward: NodeProto[] = nodes.filter((n) => n.opType === 'QuantizeLinear');
  while (backward.length > 0) {
    const n = backward.pop()!;
    for (const i of dataInputs(n)) {
      const p = producer.get(i);
      if (p !== undefined && floatNodes.has(p) && !toQ.has(p)) {
        toQ.add(p);
        backward.push(p);
      }
    }
  }
  const inIsland = nodes.filter((n) => fromDq.has(n) && toQ.has(n));
  const member = new Set(inIsland);
  const seen = new Set<NodeProto>();
  const floatIslands: FloatIsland[] = [];
  for (const start of inIsland) {
    if (seen.has(start)) continue;
    const group: NodeProto[] = [];
    const stack = [start];
    seen.add(start);
    while (stack.length > 0) {
      const n = stack.pop()!;
      group.push(n);
      const neighbours = [...n.input.map((i) => producer.get(i)), ...n.output.flatMap((o) => readers.get(o) ?? [])];
      for (const m of neighbours) {
        if (m !== undefined && member.has(m) && !seen.has(m)) {
          seen.add(m);
          stack.push(m);
        }
      }
    }
    const ordered = inIsland.filter((n) => group.includes(n));
    const why = [...new Set(ordered.map((n) => reasons.get(n.name) ?? floatReason(n.opType)))];
    floatIslands.push({ nodes: ordered.map((n) => n.name), ops: ordered.map((n) => n.opType), reason: why.join('; ') });
  }
  return { integerKernels, floatOps: floatNodes.size, floatIslands };
}

/** One sentence for the manifest's notes. */
export function fusionNote(report: FusionReport): string {
  const kernels = Object.values(report.integerKernels).reduce((a, b) => a + b, 0);
  const islands = report.floatIslands.length;
  const ops = report.floatIslands.reduce((a, i) => a + i.nodes.length, 0);
  const what = islands === 0 ? 'no float island between quantized operators' : `${islands} float island(s) (${ops} operator(s)) between quantized operators, listed with the reason each stays float`;
  return `After ONNX Runtime's optimizations (level 'all', this CPU): ${kernels} integer kernel(s), ${what}; ${report.floatOps} float operator(s) in all, the float head and tail included.`;
}
