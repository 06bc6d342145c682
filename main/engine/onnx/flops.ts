/**
 * FLOPs of the compute-heavy operators (2 × multiply-accumulates): Conv, ConvTranspose, Gemm, MatMul and their
 * quantized forms, from known tensor shapes. Everything else is treated as free, as FLOP counters usually do.
 */
import type { AttributeProto, NodeProto } from './generated/onnx_pb.js';
import { normalizeDomain } from './structure.js';

/** Concrete shapes by tensor name. */
export type ShapeMap = ReadonlyMap<string, readonly number[]>;

interface FlopRule {
  /** Indices of the inputs whose shapes the formula needs. */
  readonly inputs: readonly number[];
  /** Whether output 0's shape is needed. */
  readonly output: boolean;
  readonly macs: (node: NodeProto, inputs: ReadonlyArray<readonly number[]>, output: readonly number[] | undefined) => number | null;
}

const product = (dims: readonly number[]): number => dims.reduce((a, b) => a * b, 1);

// Conv: every output element takes (C_in / group) × kernel MACs; W is [M, C/group, k1, k2, …].
const convMacs = (wIndex: number): FlopRule => ({
  inputs: [wIndex],
  output: true,
  macs: (_node, [w], y) => (w !== undefined && y !== undefined && w.length >= 2 ? product(y) * product(w.slice(1)) : null),
});

// ConvTranspose: every input element scatters into (M / group) × kernel outputs; W is [C, M/group, k1, …].
const convTransposeMacs: FlopRule = {
  inputs: [0, 1],
  output: false,
  macs: (_node, [x, w]) => (x !== undefined && w !== undefined && w.length >= 2 ? product(x) * product(w.slice(1)) : null),
};

// MatMul (NumPy semantics): every output element is a dot product over A's last axis.
const matMulMacs = (aIndex: number): FlopRule => ({
  inputs: [aIndex],
  output: true,
  macs: (_node, [a], y) => (a !== undefined && y !== undefined && a.length >= 1 ? product(y) * a[a.length - 1]! : null),
});

function intAttribute(node: NodeProto, name: string): number {
  const attr: AttributeProto | undefined = node.attribute.find((a) => a.name === name);
  return attr === undefined ? 0 : Number(attr.i);
}

const gemmMacs: FlopRule = {
  inputs: [0],
  output: true,
  macs: (node, [a], y) => {
    if (a === undefined || y === undefined || a.length !== 2) return null;
    const k = intAttribute(node, 'transA') !== 0 ? a[0]! : a[1]!;
    return product(y) * k;
  },
};

const RULES: ReadonlyMap<string, FlopRule> = new Map([
  ['Conv', convMacs(1)],
  ['ConvInteger', convMacs(1)],
  ['QLinearConv', convMacs(3)],
  ['ConvTranspose', convTransposeMacs],
  ['Gemm', gemmMacs],
  ['MatMul', matMulMacs(0)],
  ['MatMulInteger', matMulMacs(0)],
  ['QLinearMatMul', matMulMacs(0)],
]);

function ruleFor(node: NodeProto): FlopRule | undefined {
  const domain = normalizeDomain(node.domain);
  return domain === '' ? RULES.get(node.opType) : undefined;
}

/** Whether Parity counts FLOPs for this node's operator. */
export function isFlopNode(node: NodeProto): boolean {
  return ruleFor(node) !== undefined;
}

/** The tensor names whose shapes are needed to count this node's FLOPs. */
export function shapesNeeded(node: NodeProto): string[] {
  const rule = ruleFor(node);
  if (rule === undefined) return [];
  const names = rule.inputs.map((i) => node.input[i] ?? '').filter((n) => n !== '');
  if (rule.output && node.output[0] !== undefined && node.output[0] !== '') names.push(node.output[0]);
  return names;
}

/** FLOPs of one node (2 × MACs), 0 for operators not counted, null when a needed shape is unknown. */
export function nodeFlops(node: NodeProto, shapes: ShapeMap): number | null {
  const rule = ruleFor(node);
  if (rule === undefined) return 0;
  const inputs = rule.inputs.map((i) => shapes.get(node.input[i] ?? ''));
  if (inputs.some((s) => s === undefined)) return null;
  const output = rule.output ? shapes.get(node.output[0] ?? '') : undefined;
  if (rule.output && output === undefined) return null;
  const macs = rule.macs(node, inputs as ReadonlyArray<readonly number[]>, output);
  return macs === null || !Number.isFinite(macs) ? null : 2 * macs;
}
