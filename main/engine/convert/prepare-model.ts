/**
 * The common first step of the fp16 and int8 recipes, as ONNX Runtime's own quant_pre_process does it: ORT's
 * 'basic' graph optimizations (constant folding, Conv+BatchNormalization/Add/Mul folding, redundant node removal;
 * standard ONNX ops only, so the result stays portable), then every Constant node lifted into an initializer, so
 * that paddle2onnx-style weights are handled like any other initializer.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createCpuSession } from '../infer/index.js';
import { dropInitializerInputs, normalizeDomain, readModel, constantValueTensor, writeModel, type LoadedModel, type ModelProto } from '../onnx/index.js';
import { GraphEdit } from './graph-edit.js';

export interface PreparedModel {
  /** The working copy the recipe edits (its tensors may point into files under the work folder). */
  model: LoadedModel;
  /** Whether ORT's basic optimizations were applied (false when ORT could not save the optimized graph). */
  preOptimized: boolean;
  notes: string[];
}

/** Above this total size ORT is told to save the optimized graph's weights as external data. */
const EXTERNAL_INITIALIZERS_ABOVE = 1024 ** 3;

function domainsUsed(proto: ModelProto): Set<string> {
  const used = new Set<string>();
  for (const n of proto.graph?.node ?? []) used.add(normalizeDomain(n.domain));
  for (const f of proto.functions) for (const n of f.node) used.add(normalizeDomain(n.domain));
  return used;
}

/** ORT lists every domain it knows in the opset imports of a saved model; keep those the graph uses. */
function pruneOpsetImports(proto: ModelProto, source: ModelProto): void {
  const used = domainsUsed(proto);
  const declared = new Set(source.opsetImport.map((o) => normalizeDomain(o.domain)));
  proto.opsetImport = proto.opsetImport.filter((o) => {
    const d = normalizeDomain(o.domain);
    return d === '' || used.has(d) || declared.has(d);
  });
}

/** Moves the main graph's Constant nodes into initializers (same names); returns how many moved. */
export function liftConstants(proto: ModelProto): number {
  const graph = proto.graph;
  if (graph === undefined) return 0;
  const edit = new GraphEdit(graph);
  let moved = 0;
  graph.node = graph.node.filter((node) => {
    if (node.opType !== 'Constant' || normalizeDomain(node.domain) !== '' || node.output.length !== 1) return true;
    const value = constantValueTensor(node);
    const name = node.output[0]!;
    if (value === null || edit.initializer(name) !== undefined) return true;
    value.name = name;
    edit.addInitializer(value);
    moved++;
    return false;
  });
  return moved;
}

/**
 * Applies ORT's basic optimizations to `source` when possible and lifts Constant nodes into initializers; `original`
 * is the source already read (it becomes the working copy when ORT's result cannot be used).
 */
export async function prepareModel(source: string, workDir: string, original: LoadedModel): Promise<PreparedModel> {
  const notes: string[] = [];
  const optimizedPath = path.join(workDir, 'prepared.onnx');
  let model: LoadedModel = original;
  let preOptimized = false;
  const totalBytes = original.fileSizeBytes + (await externalBytes(original));
  const session = await createCpuSession(source, {
    optimizationLevel: 'basic',
    optimizedModelPath: optimizedPath,
    intraOpThreads: 1,
    quiet: true,
    optimizedExternalData: totalBytes > EXTERNAL_INITIALIZERS_ABOVE ? { fileName: 'prepared.onnx.data', minBytes: 1024 } : undefined,
  });
  await session.release();
  try {
    const optimized = await readModel(optimizedPath);
    const before = domainsUsed(original.proto);
    const introduced = [...domainsUsed(optimized.proto)].filter((d) => !before.has(d));
    if (introduced.length === 0) {
      pruneOpsetImports(optimized.proto, original.proto);
      model = optimized;
      preOptimized = true;
    } else {
      notes.push(`ONNX Runtime's basic optimizations introduced operators of ${introduced.join(', ')}; the recipe started from the unoptimized graph instead.`);
    }
  } catch {
    notes.push("ONNX Runtime's basic optimizations could not be saved for this model; the recipe started from the unoptimized graph.");
  }
  await fs.rm(optimizedPath, { force: true }).catch(() => undefined);
  liftConstants(model.proto);
  return { model, preOptimized, notes };
}

async function externalBytes(model: LoadedModel): Promise<number> {
  const files = new Set<string>();
  for (const t of model.proto.graph?.initializer ?? []) {
    const location = t.externalData.find((e) => e.key === 'location')?.value;
    if (location !== undefined) files.add(path.join(model.dir, location));
  }
  let total = 0;
  for (const f of files) total += (await fs.stat(f).catch(() => ({ size: 0 }))).size;
  return total;
}

export interface RecipeSource {
  /** The file every recipe reads: the user's model, or a normalised copy of it in the work folder. */
  path: string;
  notes: string[];
}

/**
 * Normalises what older exporters wrote before any recipe reads the model: weights also listed as graph inputs become
 * plain initializers (see onnx/initializer-inputs.ts), so ONNX Runtime folds them and type rewrites stay consistent.
 * The user's file is never changed; a copy is written to `workDir` only when something had to change.
 */
export async function prepareRecipeSource(source: string, workDir: string): Promise<RecipeSource> {
  const model = await readModel(source);
  const dropped = dropInitializerInputs(model.proto);
  if (dropped === 0) return { path: source, notes: [] };
  const copy = path.join(workDir, 'source-normalized.onnx');
  await writeModel(model.proto, copy, { sourceDir: model.dir });
  const note = `${dropped} weight${dropped === 1 ? ' was' : 's were'} also listed as graph inputs (as older exporters wrote them); they were treated as constants, which lets ONNX Runtime fold and fuse them.`;
  return { path: copy, notes: [note] };
}
