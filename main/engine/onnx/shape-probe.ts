/**
 * Learns intermediate tensor shapes by running the model once in onnxruntime-node on zeros of the given input
 * shapes, with the wanted tensors added as extra graph outputs. The modified copy is written to a temporary folder
 * and removed afterwards; the caller's model is not touched.
 */
import path from 'node:path';
import { create } from '@bufbuild/protobuf';
import { ValueInfoProtoSchema, type ModelProto } from './generated/onnx_pb.js';
import type { LoadedModel } from './loaded-model.js';
import type { TensorInput } from '../infer/index.js';
import { withTempDir } from '../io/temp-files.js';
import { writeModel } from './write-model.js';

/** Largest total input size (elements) the probe will allocate; bigger requests are skipped, not attempted. */
const MAX_PROBE_INPUT_ELEMENTS = 64 * 1024 * 1024;

export interface ProbeInput {
  readonly name: string;
  readonly dtype: string;
  readonly shape: readonly number[];
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

  try {
    // Loaded on demand: reading and inspecting a model needs no ONNX Runtime unless shapes must be probed.
    const { createCpuSession, isTensorDtype, zerosTensor } = await import('../infer/index.js');
    const feeds: Record<string, TensorInput> = {};
    for (const input of inputs) {
      if (!isTensorDtype(input.dtype)) return null;
      feeds[input.name] = zerosTensor(input.dtype, input.shape);
    }
    return await withTempDir('probe', async (dir) => {
      const file = path.join(dir, 'probe.onnx');
      await writeModel(probeModel, file, { sourceDir: model.dir });
      const session = await createCpuSession(file, { optimizationLevel: 'disabled', intraOpThreads: 0, quiet: true });
      try {
        const results = await session.run(feeds, names);
        const shapes = new Map<string, number[]>();
        for (const name of names) {
          const value = results[name];
          if (value !== undefined) shapes.set(name, value.dims);
        }
        return shapes;
      } finally {
        await session.release();
      }
    });
  } catch {
    return null;
  }
}
