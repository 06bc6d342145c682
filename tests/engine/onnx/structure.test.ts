import { create } from '@bufbuild/protobuf';
import { describe, expect, it } from 'vitest';
import { ParityError } from '../../../shared/errors.js';
import {
  checkModelStructure,
  OperatorSetIdProtoSchema,
  readModel,
  TensorProto_DataType,
  topologicalOrder,
  type GraphProto,
} from '../../../main/engine/onnx/index.js';
import { CLS_MODEL, DET_MODEL, REC_MODEL, floatTensor, graphAttribute, graphOf, modelOf, node, tinyLinearModel, valueInfo } from './model-builders.js';

const F = TensorProto_DataType.FLOAT;
const codes = (issues: ReturnType<typeof checkModelStructure>): string[] => issues.map((i) => i.code);

function expectTopological(graph: GraphProto, order: ReturnType<typeof topologicalOrder>): void {
  const seen = new Set<string>([...graph.input.map((v) => v.name), ...graph.initializer.map((t) => t.name)]);
  expect(order.length).toBe(graph.node.length);
  for (const n of order) {
    for (const input of n.input) if (input !== '') expect(seen.has(input)).toBe(true);
    for (const o of n.output) seen.add(o);
  }
}

describe('checkModelStructure', () => {
  it('finds no issue in the PaddleOCR models', async () => {
    for (const file of [CLS_MODEL, DET_MODEL, REC_MODEL]) {
      const model = await readModel(file, { checkStructure: false });
      expect(checkModelStructure(model.proto)).toEqual([]);
    }
  });

  it('reports inputs nothing produces, outputs nothing produces and tensors produced twice', () => {
    const model = tinyLinearModel();
    model.graph!.node[1]!.input[0] = 'ghost';
    model.graph!.output.push(valueInfo('nowhere', F, [1]));
    model.graph!.node.push(node('Relu', ['y'], ['b']));
    const issues = checkModelStructure(model);
    expect(codes(issues).sort()).toEqual(['DUPLICATE_OUTPUT', 'UNDEFINED_INPUT', 'UNDEFINED_OUTPUT']);
    expect(issues.find((i) => i.code === 'UNDEFINED_INPUT')).toMatchObject({ tensor: 'ghost', severity: 'error', graph: 'main' });
  });

  it('detects cycles however the nodes are ordered', () => {
    const model = modelOf({
      nodes: [node('Identity', ['c'], ['y']), node('Add', ['x', 'c'], ['a']), node('Relu', ['a'], ['c'])],
      inputs: [valueInfo('x', F, [1])],
      outputs: [valueInfo('y', F, [1])],
    });
    expect(codes(checkModelStructure(model))).toEqual(['CYCLE']);
    expect(() => topologicalOrder(model.graph!)).toThrow(ParityError);
  });

  it('accepts nodes listed out of order, and topologicalOrder sorts them', async () => {
    const model = await readModel(CLS_MODEL);
    const graph = model.proto.graph!;
    const shuffled = [...graph.node].reverse();
    graph.node = shuffled;
    expect(checkModelStructure(model.proto)).toEqual([]);
    expectTopological(graph, topologicalOrder(graph));
  });

  it('keeps an already sorted graph in file order', async () => {
    const graph = (await readModel(REC_MODEL)).proto.graph!;
    expect(topologicalOrder(graph)).toEqual(graph.node);
  });

  it('reports a domain used without an opset import, and accepts "ai.onnx" as the default domain', () => {
    const model = tinyLinearModel();
    model.graph!.node[2]!.domain = 'com.microsoft';
    expect(codes(checkModelStructure(model))).toEqual(['MISSING_OPSET']);
    model.opsetImport.push(create(OperatorSetIdProtoSchema, { domain: 'com.microsoft', version: 1n }));
    expect(checkModelStructure(model)).toEqual([]);
    model.graph!.node[2]!.domain = 'ai.onnx';
    expect(checkModelStructure(model)).toEqual([]);
  });

  it('reports declared types and shapes that disagree with initializers and Constant values', () => {
    const model = tinyLinearModel(4, 3);
    model.graph!.valueInfo.push(valueInfo('W', TensorProto_DataType.INT64, [4, 3]));
    model.graph!.valueInfo.push(valueInfo('b', F, [5]));
    const issues = checkModelStructure(model);
    expect(codes(issues).sort()).toEqual(['SHAPE_MISMATCH', 'TYPE_MISMATCH']);
    expect(issues.find((i) => i.code === 'TYPE_MISMATCH')?.message).toMatch(/float32.*int64/);
  });

  it('accepts graph inputs backed by initializers of the declared type and shape', () => {
    const model = tinyLinearModel(4, 3);
    model.graph!.input.push(valueInfo('W', F, [4, 'k']));
    expect(checkModelStructure(model)).toEqual([]);
  });

  it('lets subgraphs read outer-scope values and orders the If after their producers', () => {
    const branch = (out: string): GraphProto =>
      graphOf({ nodes: [node('Add', ['h', 'W'], [out])], inputs: [], outputs: [valueInfo(out, F, null)] }, `branch_${out}`);
    const model = modelOf({
      nodes: [
        node('If', ['cond'], ['y'], [graphAttribute('then_branch', branch('t')), graphAttribute('else_branch', branch('e'))]),
        node('Relu', ['x'], ['h']),
      ],
      inputs: [valueInfo('x', F, [2]), valueInfo('cond', TensorProto_DataType.BOOL, [])],
      outputs: [valueInfo('y', F, null)],
      initializers: [floatTensor('W', [2])],
    });
    expect(checkModelStructure(model)).toEqual([]);
    expect(topologicalOrder(model.graph!).map((n) => n.opType)).toEqual(['Relu', 'If']);
    model.graph!.node[0]!.attribute[0]!.g!.node[0]!.input[0] = 'unknown_outer';
    const issues = checkModelStructure(model);
    expect(codes(issues)).toContain('UNDEFINED_INPUT');
    expect(issues.some((i) => i.graph.includes('branch_t') && i.tensor === 'unknown_outer')).toBe(true);
  });

  it('reports a model without a graph', () => {
    const model = tinyLinearModel();
    model.graph = undefined;
    expect(codes(checkModelStructure(model))).toEqual(['NO_GRAPH']);
  });
});
