import { writeFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { create } from '@bufbuild/protobuf';
import { afterAll, describe, expect, it } from 'vitest';
import { ParityError } from '../../../shared/errors.js';
import { ModelInfoSchema } from '../../../shared/model-info.js';
import { encodeToBytes, inspectModel, ModelProtoSchema, OperatorSetIdProtoSchema, TensorProto_DataType } from '../../../main/engine/onnx/index.js';
import {
  CLS_MODEL,
  DET_MODEL,
  REC_MODEL,
  floatTensor,
  floatsAttribute,
  intAttribute,
  intsAttribute,
  modelOf,
  node,
  removeTempDirs,
  tempDir,
  tinyLinearModel,
  valueInfo,
} from './model-builders.js';

afterAll(removeTempDirs);

// Parameter counts, node counts and FLOPs below come from tests/fixtures/onnx/oracle_figures.py (the Python onnx
// package with its own shape inference, onnxruntime where static inference gives up), run once during development.
const REAL_MODELS = [
  {
    file: CLS_MODEL,
    nodes: 471,
    constants: 250,
    convs: 53,
    params: 133_665,
    opset: 9,
    input: ['p2o.DynamicDimension.0', 3, 'p2o.DynamicDimension.1', 'p2o.DynamicDimension.2'],
    output: { name: 'softmax_0.tmp_0', shape: ['p2o.DynamicDimension.3', 2] },
    probeShape: [1, 3, 48, 192],
    flops: 32_630_752,
    flopNodes: 54,
  },
  {
    file: DET_MODEL,
    nodes: 672,
    constants: 342,
    convs: 62,
    params: 1_171_841,
    opset: 11,
    input: ['p2o.DynamicDimension.0', 3, 'p2o.DynamicDimension.1', 'p2o.DynamicDimension.2'],
    output: { name: 'sigmoid_0.tmp_0', shape: ['p2o.DynamicDimension.3', 1, 'p2o.DynamicDimension.4', 'p2o.DynamicDimension.5'] },
    probeShape: [1, 3, 640, 640],
    flops: 4_603_871_488,
    flopNodes: 64,
  },
  {
    file: REC_MODEL,
    nodes: 765,
    constants: 325,
    convs: 38,
    params: 2_690_312,
    opset: 9,
    input: ['p2o.DynamicDimension.0', 3, 48, 'p2o.DynamicDimension.1'],
    output: { name: 'softmax_11.tmp_0', shape: ['p2o.DynamicDimension.2', 'p2o.DynamicDimension.3', 6625] },
    probeShape: [1, 3, 48, 320],
    flops: 1_404_938_880,
    flopNodes: 51,
  },
];

describe('inspectModel on the PaddleOCR models', () => {
  for (const m of REAL_MODELS) {
    const name = path.basename(m.file);
    it(`${name}: signature, counts and weights match the onnx package`, async () => {
      const info = await inspectModel(m.file);
      expect(ModelInfoSchema.parse(info)).toEqual(info);
      expect(info.path).toBe(m.file);
      expect(info.inputs).toEqual([{ name: 'x', dtype: 'float32', shape: m.input }]);
      expect(info.outputs).toEqual([{ name: m.output.name, dtype: 'float32', shape: m.output.shape }]);
      expect(info.opsetImports).toEqual([{ domain: '', version: m.opset }]);
      expect(info.irVersion).toBe(8);
      expect(info.nodeCount).toBe(m.nodes);
      expect(Object.values(info.opHistogram).reduce((a, b) => a + b, 0)).toBe(info.nodeCount);
      expect(info.opHistogram['Constant']).toBe(m.constants);
      expect(info.opHistogram['Conv']).toBe(m.convs);
      // paddle2onnx keeps every weight in Constant nodes: there is not a single initializer.
      expect(info.parameterCount).toBe(m.params);
      expect(info.initializerBytes).toBeGreaterThanOrEqual(4 * m.params - 64 * 1024);
      expect(info.fileSizeBytes).toBe((await stat(m.file)).size);
      expect(info.externalDataBytes).toBe(0);
      // Symbolic input dims and no value_info: no FLOP count without a shape.
      expect(info.flops).toBeNull();
      expect(info.flopsUnknownNodes).toBe(m.flopNodes);
    });

    it(`${name}: FLOPs at ${m.probeShape.join('x')} equal the independent count`, async () => {
      const info = await inspectModel(m.file, { inputShapes: { x: m.probeShape } });
      expect(info.flops).toBe(m.flops);
      expect(info.flopsUnknownNodes).toBe(0);
    });
  }

  it('cls model: weights are 4-byte values, so initializerBytes is 4 x parameterCount', async () => {
    const info = await inspectModel(CLS_MODEL);
    expect(info.initializerBytes).toBe(4 * 133_665);
  });

  it('FLOPs scale with the probed input size', async () => {
    const small = await inspectModel(CLS_MODEL, { inputShapes: { x: [1, 3, 48, 192] } });
    const batch2 = await inspectModel(CLS_MODEL, { inputShapes: { x: [2, 3, 48, 192] } });
    expect(batch2.flops).toBe(2 * small.flops!);
  });

  it('treats an empty inputShapes map as none given', async () => {
    const info = await inspectModel(CLS_MODEL, { inputShapes: {} });
    expect(info.flops).toBeNull();
    expect(info.flopsUnknownNodes).toBe(54);
  });

  it('rejects input shapes that do not fit the model with BAD_OPTION', async () => {
    await expect(inspectModel(CLS_MODEL, { inputShapes: { y: [1, 3, 48, 192] } })).rejects.toMatchObject({ code: 'BAD_OPTION' });
    await expect(inspectModel(CLS_MODEL, { inputShapes: { x: [1, 3, 48] } })).rejects.toMatchObject({ code: 'BAD_OPTION' });
    await expect(inspectModel(CLS_MODEL, { inputShapes: { x: [1, 4, 48, 192] } })).rejects.toMatchObject({ code: 'BAD_OPTION' });
    await expect(inspectModel(CLS_MODEL, { inputShapes: { x: [1, 3, 0, 192] } })).rejects.toBeInstanceOf(ParityError);
  });
});

describe('inspectModel on models built in code', () => {
  const F = TensorProto_DataType.FLOAT;

  it('counts weights in initializers and in Constant nodes (value and value_floats)', async () => {
    const model = tinyLinearModel(4, 3);
    model.graph!.node.unshift(node('Constant', [], ['unused_scale'], [floatsAttribute('value_floats', [1, 2, 3, 4, 5])]));
    const file = path.join(tempDir(), 'linear.onnx');
    writeFileSync(file, encodeToBytes(ModelProtoSchema, model));
    const info = await inspectModel(file);
    expect(info.parameterCount).toBe(4 * 3 + 3 + 5);
    expect(info.initializerBytes).toBe(4 * (4 * 3 + 3 + 5));
    expect(info.opHistogram).toEqual({ Constant: 2, MatMul: 1, Add: 1 });
  });

  it('leaves out graph inputs that are initializers, and counts FLOPs from declared shapes via a probe', async () => {
    const model = modelOf({
      nodes: [node('Gemm', ['x', 'W', 'bias'], ['y'])],
      inputs: [valueInfo('x', F, [2, 8]), valueInfo('W', F, [8, 5]), valueInfo('bias', F, [5])],
      outputs: [valueInfo('y', F, [2, 5])],
      initializers: [floatTensor('W', [8, 5]), floatTensor('bias', [5])],
    });
    const file = path.join(tempDir(), 'gemm.onnx');
    writeFileSync(file, encodeToBytes(ModelProtoSchema, model));
    const info = await inspectModel(file);
    expect(info.inputs.map((i) => i.name)).toEqual(['x']);
    expect(info.flops).toBe(2 * 2 * 5 * 8);
    expect(info.flopsUnknownNodes).toBe(0);
    expect(info.parameterCount).toBe(45);
  });

  it('probes intermediate shapes for grouped convolutions declared only by input shape', async () => {
    // Depthwise conv (group = channels) then a 1x1 conv: no value_info, static input.
    const model = modelOf({
      nodes: [
        node('Conv', ['x', 'Wd'], ['d'], [intsAttribute('pads', [1, 1, 1, 1]), intAttribute('group', 4)]),
        node('Conv', ['d', 'Wp'], ['y']),
      ],
      inputs: [valueInfo('x', F, [1, 4, 10, 12])],
      outputs: [valueInfo('y', F, null)],
      initializers: [floatTensor('Wd', [4, 1, 3, 3]), floatTensor('Wp', [6, 4, 1, 1])],
    });
    const file = path.join(tempDir(), 'conv.onnx');
    writeFileSync(file, encodeToBytes(ModelProtoSchema, model));
    const info = await inspectModel(file);
    const depthwise = 1 * 4 * 10 * 12 * (1 * 3 * 3);
    const pointwise = 1 * 6 * 10 * 12 * 4;
    expect(info.flops).toBe(2 * (depthwise + pointwise));
  });

  it('prefixes operators of other domains with their domain in the histogram', async () => {
    const model = modelOf({
      nodes: [{ ...node('Gelu', ['x'], ['y']), domain: 'com.microsoft' }],
      inputs: [valueInfo('x', F, ['n'])],
      outputs: [valueInfo('y', F, ['n'])],
    });
    model.opsetImport.push(create(OperatorSetIdProtoSchema, { domain: 'com.microsoft', version: 1n }));
    const file = path.join(tempDir(), 'ms.onnx');
    writeFileSync(file, encodeToBytes(ModelProtoSchema, model));
    const info = await inspectModel(file);
    expect(info.opHistogram).toEqual({ 'com.microsoft.Gelu': 1 });
    expect(info.flops).toBeNull();
    expect(info.flopsUnknownNodes).toBe(0);
  });
});
