/**
 * Element types and ranks of every tensor of a model's main graph, learnt from ONNX Runtime's own type and shape
 * inference: a copy of the graph lists every node output as a graph output, ORT loads it (without running it), and
 * the session's output metadata holds each tensor's type. No ONNX shape-inference code of our own is needed.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { create } from '@bufbuild/protobuf';
import { ParityError } from '../../../shared/errors.js';
import { createCpuSession, ortWords } from '../infer/index.js';
import { tempPathNextTo } from '../io/temp-files.js';
import { dtypeName, signatureOf, ValueInfoProtoSchema, writeModel, type LoadedModel, type ModelProto } from '../onnx/index.js';

export interface TensorType {
  /** onnxruntime-node's dtype name ("float32", "int64", …) or "non-tensor". */
  dtype: string;
  /** Number of dimensions when ORT inferred a shape; null when unknown. */
  rank: number | null;
}

export type TensorTypes = Map<string, TensorType>;

/** Types of graph inputs, initializers and every node output of the main graph. */
export async function probeTensorTypes(model: LoadedModel | { proto: ModelProto; dir: string }, workDir: string): Promise<TensorTypes> {
  const graph = model.proto.graph;
  const types: TensorTypes = new Map();
  if (graph === undefined) return types;
  for (const t of graph.initializer) types.set(t.name, { dtype: dtypeName(t.dataType), rank: t.dims.length });
  for (const v of graph.input) {
    if (types.has(v.name)) continue;
    const sig = signatureOf(v);
    types.set(v.name, { dtype: sig.dtype, rank: sig.shape === null ? null : sig.shape.length });
  }
  const existing = new Set(graph.output.map((o) => o.name));
  const wanted = new Set<string>();
  for (const node of graph.node) for (const o of node.output) if (o !== '' && !existing.has(o) && !types.has(o)) wanted.add(o);
  const extra = [...wanted].map((name) => create(ValueInfoProtoSchema, { name }));
  const probe = { ...model.proto, graph: { ...graph, output: [...graph.output, ...extra] } } as ModelProto;
  const file = tempPathNextTo(path.join(workDir, 'tensor-types.onnx'));
  try {
    await writeModel(probe, file, { sourceDir: model.dir });
    const session = await createCpuSession(file, { optimizationLevel: 'disabled', quiet: true, intraOpThreads: 1 });
    try {
      for (const output of session.outputs()) types.set(output.name, { dtype: output.dtype, rank: output.shape?.length || null });
    } finally {
      await session.release();
    }
  } catch (error) {
    if (error instanceof ParityError && error.code !== 'ORT_ERROR') throw error;
    throw new ParityError('UNSUPPORTED', `ONNX Runtime could not infer the model's tensor types: ${ortWords(error)}`, 'Check that the model loads in ONNX Runtime.');
  } finally {
    await rm(file, { force: true });
    await rm(`${file}.data`, { force: true });
  }
  return types;
}

/** Whether a tensor is float32 (unknown tensors are not). */
export function isFloat32(types: TensorTypes, name: string): boolean {
  return types.get(name)?.dtype === 'float32';
}
