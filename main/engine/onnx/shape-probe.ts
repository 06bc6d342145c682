/**
 * Learns intermediate tensor shapes by running the model once in onnxruntime-node on zeros of the given input
 * shapes, with the wanted tensors added as extra graph outputs. The modified copy is written to a temporary folder
 * and removed afterwards; the caller's model is not touched.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { create } from '@bufbuild/protobuf';
import { ValueInfoProtoSchema, type ModelProto } from './generated/onnx_pb.js';
import type { LoadedModel } from './loaded-model.js';
import type * as OrtNamespace from 'onnxruntime-node';
import { writeModel } from './write-model.js';

/** Largest total input size (elements) the probe will allocate; bigger requests are skipped, not attempted. */
const MAX_PROBE_INPUT_ELEMENTS = 64 * 1024 * 1024;

export interface ProbeInput {
  readonly name: string;
  readonly dtype: string;
  readonly shape: readonly number[];
}

type OrtModule = typeof OrtNamespace;

function zeros(ort: OrtModule, input: ProbeInput): InstanceType<OrtModule['Tensor']> | null {
  const n = input.shape.reduce((a, b) => a * b, 1);
  const dims = [...input.shape];
  switch (input.dtype) {
    case 'float32':
      return new ort.Tensor('float32', new Float32Array(n), dims);
    case 'float64':
      return new ort.Tensor('float64', new Float64Array(n), dims);
    case 'float16':
      return new ort.Tensor('float16', new Uint16Array(n), dims);
    case 'int8':
      return new ort.Tensor('int8', new Int8Array(n), dims);
    case 'uint8':
      return new ort.Tensor('uint8', new Uint8Array(n), dims);
    case 'int16':
      return new ort.Tensor('int16', new Int16Array(n), dims);
    case 'uint16':
      return new ort.Tensor('uint16', new Uint16Array(n), dims);
    case 'int32':
      return new ort.Tensor('int32', new Int32Array(n), dims);
    case 'uint32':
      return new ort.Tensor('uint32', new Uint32Array(n), dims);
    case 'int64':
      return new ort.Tensor('int64', new BigInt64Array(n), dims);
    case 'uint64':
      return new ort.Tensor('uint64', new BigUint64Array(n), dims);
    case 'bool':
      return new ort.Tensor('bool', new Uint8Array(n), dims);
    default:
      return null;
  }
}

/**
 * Runs the model on zeros and returns the concrete shapes of `names`; null when the probe cannot run (unsupported
 * input type, inputs too large, or ONNX Runtime refusing the model). Never throws.
 */
export async function probeShapes(
  model: LoadedModel,
  inputs: readonly ProbeInput[],
  names: readonly string[],
): Promise<Map<string, number[]> | null> {
  if (names.length === 0) return new Map();
  const total = inputs.reduce((sum, i) => sum + i.shape.reduce((a, b) => a * b, 1), 0);
  if (!Number.isFinite(total) || total > MAX_PROBE_INPUT_ELEMENTS) return null;
  const graph = model.proto.graph;
  if (graph === undefined) return null;

  const existing = new Set(graph.output.map((o) => o.name));
  const extra = names.filter((n) => !existing.has(n)).map((name) => create(ValueInfoProtoSchema, { name }));
  // A shallow copy that shares every node and tensor with the original; only the output list differs.
  const probeModel = { ...model.proto, graph: { ...graph, output: [...graph.output, ...extra] } } as ModelProto;

  let dir: string | null = null;
  try {
    const ort: OrtModule = await import('onnxruntime-node');
    const feeds: Record<string, InstanceType<OrtModule['Tensor']>> = {};
    for (const input of inputs) {
      const tensor = zeros(ort, input);
      if (tensor === null) return null;
      feeds[input.name] = tensor;
    }
    dir = await mkdtemp(path.join(tmpdir(), 'parity-probe-'));
    const file = path.join(dir, 'probe.onnx');
    await writeModel(probeModel, file, { sourceDir: model.dir });
    const session = await ort.InferenceSession.create(file, { graphOptimizationLevel: 'disabled', logSeverityLevel: 3 });
    try {
      const results = await session.run(feeds, [...names]);
      const shapes = new Map<string, number[]>();
      for (const name of names) {
        const value = results[name];
        if (value !== undefined) shapes.set(name, [...value.dims]);
      }
      return shapes;
    } finally {
      await session.release();
    }
  } catch {
    return null;
  } finally {
    if (dir !== null) await rm(dir, { recursive: true, force: true });
  }
}
