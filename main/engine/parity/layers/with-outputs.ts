/**
 * A session over an in-memory copy of a model whose graph also lists some intermediate tensors as outputs. The
 * user's file is never touched: the copy shares every node and tensor with the loaded model and only its output
 * list differs. It is handed to ONNX Runtime as bytes; a model with external data is written to a temporary folder
 * instead (ONNX Runtime resolves external files relative to a model file), and removed once the session exists.
 */
import path from 'node:path';
import { create } from '@bufbuild/protobuf';
import { ModelSession, type GraphOptimizationLevel } from '../../infer/model-session.js';
import { makeTempDir, removeTemp } from '../../io/temp-files.js';
import { encodeToBytes, forEachTensor, isExternal, ModelProtoSchema, ValueInfoProtoSchema, writeModel, type LoadedModel, type ModelProto } from '../../onnx/index.js';

export interface IntermediateSessionOptions {
  threads: number | null;
  optimizationLevel: GraphOptimizationLevel;
}

/** The model with `names` appended to its graph outputs (those already outputs are left as they are). */
export function withExtraOutputs(proto: ModelProto, names: readonly string[]): ModelProto {
  const graph = proto.graph!;
  const existing = new Set(graph.output.map((o) => o.name));
  const extra = [...new Set(names)].filter((n) => !existing.has(n)).map((name) => create(ValueInfoProtoSchema, { name }));
  return { ...proto, graph: { ...graph, output: [...graph.output, ...extra] } } as ModelProto;
}

function hasExternalData(proto: ModelProto): boolean {
  let found = false;
  forEachTensor(proto, (t) => {
    if (isExternal(t)) found = true;
  });
  return found;
}

/** Opens `model` with `names` as extra outputs; `role` names the copy in ONNX Runtime errors. */
export async function openWithOutputs(model: LoadedModel, names: readonly string[], role: string, options: IntermediateSessionOptions): Promise<ModelSession> {
  const label = `the copy of the ${role} (${path.basename(model.path)}) with its intermediate tensors as outputs, held as`;
  return openModelCopy(withExtraOutputs(model.proto, names), model.dir, label, options);
}

/** Opens a model that exists only in memory; `dir` is where its external-data locations are relative to. */
export async function openModelCopy(copy: ModelProto, dir: string, label: string, options: IntermediateSessionOptions): Promise<ModelSession> {
  // No memory arena: these sessions fetch many large intermediate tensors, and an arena would keep their peak.
  const settings = { threads: options.threads, optimizationLevel: options.optimizationLevel, spinning: false, memoryArena: false };
  if (!hasExternalData(copy)) return ModelSession.fromBytes(encodeToBytes(ModelProtoSchema, copy), label, settings);
  const temp = await makeTempDir('layers');
  try {
    const file = path.join(temp, 'model.onnx');
    await writeModel(copy, file, { sourceDir: dir });
    return await ModelSession.open(file, { ...settings, trusted: true });
  } finally {
    await removeTemp(temp);
  }
}
