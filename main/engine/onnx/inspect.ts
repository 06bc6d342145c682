/** `parity inspect`: a model's I/O signature, graph statistics, weights, size and FLOPs, as ModelInfo. */
import type { ModelInfo, TensorSignature } from '../../../shared/model-info.js';
import { ParityError } from '../../../shared/errors.js';
import { isExternal } from './external-data.js';
import { isFlopNode, nodeFlops, shapesNeeded } from './flops.js';
import { forEachGraph, forEachTensor } from './graph-walk.js';
import { initializerInputs } from './initializer-inputs.js';
import type { LoadedModel } from './loaded-model.js';
import { readModel, type ReadModelOptions } from './read-model.js';
import { probeShapes, type ProbeInput } from './shape-probe.js';
import { concreteShape, signatureOf, typeShape } from './signature.js';
import { normalizeDomain } from './structure.js';
import { checkTensorData } from './tensor-data.js';
import { constantValueTensor, weightsOf } from './weights.js';

export interface InspectOptions {
  /** Concrete shapes for inputs with symbolic dims (input name → shape), used only to count FLOPs. */
  readonly inputShapes?: Readonly<Record<string, readonly number[]>>;
  readonly read?: ReadModelOptions;
}

/** Reads a model file and describes it (see ModelInfo); rejects bad models with ParityError BAD_MODEL. */
export async function inspectModel(filePath: string, options: InspectOptions = {}): Promise<ModelInfo> {
  const model = await readModel(filePath, options.read);
  return inspectLoadedModel(model, options);
}

/** Describes an already loaded model (see inspectModel). */
export async function inspectLoadedModel(model: LoadedModel, options: InspectOptions = {}): Promise<ModelInfo> {
  const proto = model.proto;
  const graph = proto.graph;
  if (graph === undefined) throw new ParityError('BAD_MODEL', 'The model has no graph.', 'Re-export the model.');
  const initializerNames = new Set(graph.initializer.map((t) => t.name));
  const inputs = graph.input.filter((v) => !initializerNames.has(v.name)).map(signatureOf);
  const outputs = graph.output.map(signatureOf);

  let nodeCount = 0;
  const opHistogram: Record<string, number> = {};
  forEachGraph(proto, (g) => {
    for (const node of g.node) {
      nodeCount++;
      const domain = normalizeDomain(node.domain);
      const key = domain === '' ? node.opType : `${domain}.${node.opType}`;
      opHistogram[key] = (opHistogram[key] ?? 0) + 1;
    }
  });

  const weights = weightsOf(proto);
  let externalDataBytes = 0;
  forEachTensor(proto, (tensor) => {
    if (isExternal(tensor)) externalDataBytes += checkTensorData(tensor) ?? 0;
  });

  const given = options.inputShapes !== undefined && Object.keys(options.inputShapes).length > 0 ? options.inputShapes : undefined;
  const { flops, unknown } = await countFlops(model, inputs, given);
  return {
    path: model.path,
    inputs,
    outputs,
    opsetImports: proto.opsetImport.map((o) => ({ domain: o.domain, version: Number(o.version) })),
    irVersion: Number(proto.irVersion),
    producer: { name: proto.producerName, version: proto.producerVersion },
    nodeCount,
    opHistogram,
    parameterCount: weights.reduce((sum, w) => sum + w.elementCount, 0),
    initializerBytes: weights.reduce((sum, w) => sum + w.byteLength, 0),
    fileSizeBytes: model.fileSizeBytes,
    externalDataBytes,
    flops,
    flopsUnknownNodes: unknown,
    metadata: Object.fromEntries(proto.metadataProps.map((p) => [p.key, p.value])),
    initializerInputs: initializerInputs(graph).length,
    // Filled by the inspect job, which knows the preprocessing conventions (images/propose-preprocess.ts).
    proposedPreprocess: null,
  };
}

/** Checks user-given input shapes against the declared ones and returns the shape to feed for every input. */
function resolveInputShapes(
  inputs: readonly TensorSignature[],
  given: Readonly<Record<string, readonly number[]>> | undefined,
): Map<string, number[]> | null {
  const names = new Set(inputs.map((i) => i.name));
  for (const name of Object.keys(given ?? {})) {
    if (!names.has(name)) {
      throw new ParityError('BAD_OPTION', `The model has no input named "${name}".`, `Its inputs are: ${[...names].join(', ') || '(none)'}.`);
    }
  }
  const resolved = new Map<string, number[]>();
  for (const input of inputs) {
    const shape = given?.[input.name];
    if (shape === undefined) {
      const declared = concreteShape(input.shape);
      if (declared === null) {
        if (given !== undefined) {
          throw new ParityError(
            'BAD_OPTION',
            `Input "${input.name}" has symbolic dims [${(input.shape ?? []).map((d) => d ?? '?').join(',')}] and no shape was given for it.`,
            `Give a concrete shape for every input, e.g. ${input.name}:1x3x224x224.`,
          );
        }
        return null;
      }
      resolved.set(input.name, declared);
      continue;
    }
    if (shape.some((d) => !Number.isSafeInteger(d) || d <= 0)) {
      throw new ParityError('BAD_OPTION', `The shape given for input "${input.name}" must be positive integers.`, 'Write it like 1x3x224x224.');
    }
    const declared = input.shape;
    if (declared !== null) {
      const clash = declared.length !== shape.length || declared.some((d, i) => typeof d === 'number' && d !== shape[i]);
      if (clash) {
        throw new ParityError(
          'BAD_OPTION',
          `The shape [${shape.join('x')}] given for input "${input.name}" does not fit its declared shape [${declared.map((d) => d ?? '?').join(',')}].`,
          'Keep the fixed dims as declared and only choose the symbolic ones.',
        );
      }
    }
    resolved.set(input.name, [...shape]);
  }
  return resolved;
}

async function countFlops(
  model: LoadedModel,
  inputs: readonly TensorSignature[],
  inputShapes: Readonly<Record<string, readonly number[]>> | undefined,
): Promise<{ flops: number | null; unknown: number }> {
  const graph = model.proto.graph!;
  const feedShapes = resolveInputShapes(inputs, inputShapes);
  const shapes = new Map<string, number[]>();
  const remember = (name: string, shape: number[] | null): void => {
    if (shape !== null && !shapes.has(name)) shapes.set(name, shape);
  };
  for (const t of graph.initializer) remember(t.name, t.dims.map(Number));
  for (const node of graph.node) {
    const value = constantValueTensor(node);
    if (value !== null && node.output[0] !== undefined) remember(node.output[0], value.dims.map(Number));
  }
  if (feedShapes !== null) for (const [name, shape] of feedShapes) remember(name, shape);
  // Declared shapes are only trusted when no other input size was asked for, since they may assume one.
  if (inputShapes === undefined) {
    for (const v of [...graph.input, ...graph.valueInfo, ...graph.output]) remember(v.name, concreteShape(typeShape(v.type)));
  }

  const flopNodes = graph.node.filter(isFlopNode);
  const missing = [...new Set(flopNodes.flatMap(shapesNeeded))].filter((n) => !shapes.has(n));
  if (missing.length > 0 && feedShapes !== null) {
    const probeInputs: ProbeInput[] = inputs.map((i) => ({ name: i.name, dtype: i.dtype, shape: feedShapes.get(i.name)! }));
    const probed = await probeShapes(model, probeInputs, missing);
    if (probed !== null) for (const [name, shape] of probed) remember(name, shape);
  }

  let flops = 0;
  let known = 0;
  let unknown = 0;
  for (const node of flopNodes) {
    const f = nodeFlops(node, shapes);
    if (f === null) unknown++;
    else {
      flops += f;
      known++;
    }
  }
  // Conv/MatMul inside subgraphs (If/Loop bodies) cannot be probed as graph outputs: they count as unknown.
  forEachGraph(model.proto, (g, depth) => {
    if (depth > 0) unknown += g.node.filter(isFlopNode).length;
  });
  return { flops: known > 0 ? flops : null, unknown };
}
