/**
 * The model as the drift check runs it: its own outputs plus one feature tensor — the input of the last Gemm or
 * MatMul (the penultimate layer of a classifier), or a tensor the user names — made an extra graph output of an
 * in-memory copy of the model, so the file on disk is never touched and one inference yields both.
 */
import os from 'node:os';
import { ModelProtoSchema, encodeToBytes, forEachTensor, isExternal, readModel, signatureOf, tensorValueInfo, type GraphProto } from '../onnx/index.js';
import type { TensorSignature } from '../../../shared/model-info.js';
import { ParityError } from '../../../shared/errors.js';
import { createCpuSession, type CpuSession } from '../infer/index.js';

const FLOAT = 1;

export interface FeatureChoice {
  tensor: string;
  how: string;
}

/** The feature tensor of a graph: the named one, or the first input of the last Gemm/MatMul; null when none fits. */
export function chooseFeatureTensor(graph: GraphProto, named: string | null): FeatureChoice | null {
  if (named !== null) {
    if (graph.node.some((n) => n.output.includes(named)) || graph.input.some((i) => i.name === named)) {
      return { tensor: named, how: `the tensor ${named}, as named` };
    }
    const node = graph.node.find((n) => n.name === named);
    if (node?.output[0]) return { tensor: node.output[0], how: `the output of node ${named} (${node.opType})` };
    const examples = graph.node.slice(-5).map((n) => n.output[0]).filter(Boolean).join(', ');
    throw new ParityError('BAD_OPTION', `The model has no tensor or node called "${named}".`, `Name a node's output tensor, e.g. one of the last: ${examples}.`);
  }
  for (let i = graph.node.length - 1; i >= 0; i--) {
    const node = graph.node[i]!;
    if ((node.opType === 'Gemm' || node.opType === 'MatMul') && node.domain === '' && node.input[0]) {
      return { tensor: node.input[0], how: `the input of the last ${node.opType} (${node.name || node.output[0]})` };
    }
  }
  return null;
}

/** The element type of a tensor as the graph declares it, else that of the Gemm/MatMul weight it meets, else float. */
function elementType(graph: GraphProto, tensor: string): number {
  for (const v of [...graph.valueInfo, ...graph.input, ...graph.output]) {
    if (v.name === tensor && v.type?.value.case === 'tensorType' && v.type.value.value.elemType) return v.type.value.value.elemType;
  }
  const consumer = graph.node.find((n) => n.input[0] === tensor && (n.opType === 'Gemm' || n.opType === 'MatMul'));
  const weight = consumer ? graph.initializer.find((t) => t.name === consumer.input[1]) : undefined;
  return weight?.dataType || FLOAT;
}

export interface FeatureModel {
  session: CpuSession;
  /** The image input, as the graph declares it. */
  input: TensorSignature;
  /** The model's own first output (the one whose classes the report counts). */
  output: string;
  feature: FeatureChoice | null;
  /** Why there are no features, when there are none. */
  featureNote: string | null;
}

/** Opens the model with its feature tensor exposed (validated like every user model first). */
export async function openFeatureModel(modelPath: string, named: string | null, threads: number | null): Promise<FeatureModel> {
  const loaded = await readModel(modelPath);
  const graph = loaded.proto.graph;
  if (!graph || graph.output.length === 0) throw new ParityError('BAD_MODEL', `${modelPath} has no graph outputs.`, 'Re-export the model.');
  const output = graph.output[0]!.name;
  const initializers = new Set(graph.initializer.map((t) => t.name));
  const inputInfo = graph.input.find((i) => !initializers.has(i.name));
  if (!inputInfo) throw new ParityError('BAD_MODEL', `${modelPath} has no graph input.`, 'Re-export the model.');
  const input = signatureOf(inputInfo);
  const sessionOptions = { intraOpThreads: threads ?? os.availableParallelism(), optimizationLevel: 'all' as const, spinning: false };
  let feature: FeatureChoice | null = chooseFeatureTensor(graph, named);
  let featureNote: string | null = feature ? null : 'The model has no Gemm or MatMul to take features from; name a tensor with --feature-node.';
  let external = false;
  forEachTensor(loaded.proto, (t) => {
    if (isExternal(t)) external = true;
  });
  if (feature && external) {
    featureNote = 'The model keeps its weights in external data, which an in-memory copy cannot reach; features were left out.';
    feature = null;
  }
  if (!feature) return { session: await createCpuSession(modelPath, sessionOptions), input, output, feature: null, featureNote };
  if (!graph.output.some((o) => o.name === feature.tensor)) {
    graph.output.push(tensorValueInfo(feature.tensor, elementType(graph, feature.tensor), null));
  }
  const bytes = encodeToBytes(ModelProtoSchema, loaded.proto);
  const session = await createCpuSession(bytes, { ...sessionOptions, describedAs: `the copy of ${modelPath} with ${feature.tensor} as an extra output,` });
  return { session, input, output, feature, featureNote };
}
