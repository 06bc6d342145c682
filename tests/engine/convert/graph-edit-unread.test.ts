/**
 * GraphEdit.removeUnreadNodes: the Q/DQ nodes nothing reads go (ONNX Runtime would run them on every inference),
 * chains of them go together, and a node read only inside an If branch or written as a graph output stays.
 */
import { describe, expect, it } from 'vitest';
import { GraphEdit } from '../../../main/engine/convert/graph-edit.js';
import { TensorProto_DataType } from '../../../main/engine/onnx/index.js';
import { floatTensor, graphAttribute, graphOf, modelOf, node, valueInfo } from '../onnx/model-builders.js';

const F = TensorProto_DataType.FLOAT;
const QDQ = new Set(['QuantizeLinear', 'DequantizeLinear']);

function graph() {
  const branch = graphOf({ nodes: [node('Identity', ['read_in_branch'], ['b_out'], [], 'identity')], inputs: [], outputs: [valueInfo('b_out', F, [4])] }, 'then');
  const elseBranch = graphOf({ nodes: [node('Neg', ['x'], ['e_out'], [], 'neg')], inputs: [], outputs: [valueInfo('e_out', F, [4])] }, 'else');
  return modelOf({
    opset: [['', 13]],
    nodes: [
      node('QuantizeLinear', ['x', 's', 'z'], ['q'], [], 'q'),
      node('DequantizeLinear', ['q', 's', 'z'], ['used'], [], 'dq_used'),
      node('DequantizeLinear', ['q', 's', 'z'], ['unread'], [], 'dq_unread'),
      // A Q → DQ chain nothing reads at its end: both go.
      node('QuantizeLinear', ['x', 's', 'z'], ['q2'], [], 'q_chain'),
      node('DequantizeLinear', ['q2', 's', 'z'], ['unread2'], [], 'dq_chain'),
      node('DequantizeLinear', ['q', 's', 'z'], ['read_in_branch'], [], 'dq_branch'),
      node('DequantizeLinear', ['q', 's', 'z'], ['out'], [], 'dq_output'),
      // Not a Q/DQ: kept even though nothing reads it.
      node('Relu', ['x'], ['dead_relu'], [], 'relu'),
      node('Relu', ['used'], ['y'], [], 'reader'),
      node('Greater', ['x0', 'x0'], ['cond'], [], 'cond'),
      node('If', ['cond'], ['z_out'], [graphAttribute('then_branch', branch), graphAttribute('else_branch', elseBranch)], 'if'),
    ],
    inputs: [valueInfo('x', F, [4]), valueInfo('x0', F, [])],
    outputs: [valueInfo('y', F, [4]), valueInfo('out', F, [4]), valueInfo('z_out', F, [4])],
    initializers: [floatTensor('s', [], [0.1]), floatTensor('z', [], [0])],
  }).graph!;
}

describe('removing the Q/DQ nodes nothing reads', () => {
  it('drops unread DequantizeLinear nodes and the chains behind them, and nothing else', () => {
    const g = graph();
    const edit = new GraphEdit(g);
    expect(edit.removeUnreadNodes(QDQ)).toBe(3);
    expect(g.node.map((n) => n.name)).toEqual(['q', 'dq_used', 'dq_branch', 'dq_output', 'relu', 'reader', 'cond', 'if']);
    expect(edit.removeUnreadNodes(QDQ)).toBe(0);
  });
});
