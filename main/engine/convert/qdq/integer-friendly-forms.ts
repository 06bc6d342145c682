/**
 * Float-equivalent spellings of operators ONNX Runtime has no integer kernel for, in operators it has: Sub and Div
 * by a constant become Add and Mul by its negation and reciprocal; HardSigmoid becomes Mul → Add → Clip(0, 1) and
 * HardSwish x · HardSigmoid(x). The Mul by a positive scalar is then absorbed into a quantization scale, the Add
 * runs as QLinearAdd and the Clip folds into its QuantizeLinear, so hard-swish chains stay int8 end to end.
 */
import { normalizeDomain, tensorToTypedArray, TensorProto_DataType as DataType, type NodeProto, type TensorOrigin } from '../../onnx/index.js';
import { attrFloat, floatTensor, type GraphEdit } from '../graph-edit.js';

function floatConstant(edit: GraphEdit, origin: TensorOrigin, name: string | undefined): { dims: number[]; values: Float32Array } | null {
  const t = name === undefined || name === '' ? undefined : edit.initializer(name);
  if (t === undefined || t.dataType !== DataType.FLOAT) return null;
  return { dims: t.dims.map(Number), values: tensorToTypedArray(origin, t) as Float32Array };
}

/** Sub(x, c) → Add(x, −c) and Div(x, c) → Mul(x, 1/c) for float32 constants c; returns the rewritten count. */
export function constantOperandsAsAddMul(edit: GraphEdit, origin: TensorOrigin): number {
  let rewritten = 0;
  for (const node of edit.graph.node) {
    if (normalizeDomain(node.domain) !== '' || (node.opType !== 'Sub' && node.opType !== 'Div') || node.input.length !== 2) continue;
    const c = floatConstant(edit, origin, node.input[1]);
    if (c === null || edit.initializer(node.input[0]!) !== undefined) continue;
    if (node.opType === 'Div' && c.values.some((v) => v === 0 || !Number.isFinite(v))) continue;
    const values = node.opType === 'Sub' ? c.values.map((v) => -v) : c.values.map((v) => 1 / v);
    const name = edit.unique(`${node.input[1]}_${node.opType === 'Sub' ? 'negated' : 'reciprocal'}`);
    edit.addInitializer(floatTensor(name, c.dims, values));
    node.input[1] = name;
    node.opType = node.opType === 'Sub' ? 'Add' : 'Mul';
    rewritten++;
  }
  return rewritten;
}

/** Writes Mul(x, α) → Add(β) → Clip(0, 1) into `y`; returns the new nodes in order. */
function hardSigmoidNodes(edit: GraphEdit, x: string, y: string, alpha: number, beta: number): NodeProto[] {
  const scalar = (base: string, v: number): string => {
    const name = edit.unique(base);
    edit.addInitializer(floatTensor(name, [], [v]));
    return name;
  };
  const scaled = edit.unique(`${y}_scaled`);
  const shifted = edit.unique(`${y}_shifted`);
  const nodes = [
    edit.addNode('Mul', [x, scalar('hs_alpha', alpha)], [scaled], [], null),
    edit.addNode('Add', [scaled, scalar('hs_beta', beta)], [shifted], [], null),
    edit.addNode('Clip', [shifted, scalar('clip_zero', 0), scalar('clip_one', 1)], [y], [], null),
  ];
  edit.graph.node.splice(edit.graph.node.length - nodes.length, nodes.length);
  return nodes;
}

/** HardSigmoid and HardSwish spelled with Mul, Add, Clip (and Mul); returns how many were rewritten. */
export function expandHardActivations(edit: GraphEdit): number {
  let rewritten = 0;
  const out: NodeProto[] = [];
  for (const node of [...edit.graph.node]) {
    const x = node.input[0];
    const y = node.output[0];
    const plain = normalizeDomain(node.domain) === '' && x !== undefined && x !== '' && y !== undefined && node.output.length === 1;
    if (plain && node.opType === 'HardSigmoid') {
      out.push(...hardSigmoidNodes(edit, x, y, attrFloat(node, 'alpha', 0.2), attrFloat(node, 'beta', 0.5)));
      rewritten++;
    } else if (plain && node.opType === 'HardSwish') {
      const gate = edit.unique(`${y}_gate`);
      out.push(...hardSigmoidNodes(edit, x, gate, 1 / 6, 0.5));
      const mul = edit.addNode('Mul', [x, gate], [y], [], node.name === '' ? null : node.name);
      edit.graph.node.pop();
      out.push(mul);
      rewritten++;
    } else {
      out.push(node);
    }
  }
  edit.graph.node = out;
  return rewritten;
}
