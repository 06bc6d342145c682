/**
 * Graph surgery: the model's image input is replaced by `image` (uint8 [1, height, width, 3] RGB, any size),
 * followed by the preprocessing nodes whose last one writes the tensor the original graph read; an optional tail
 * adds softmax and top-k on a class-score output; metadata_props record the spec, the kernel and class names.
 */
import { create } from '@bufbuild/protobuf';
import { ParityError } from '../../../shared/errors.js';
import type { PartialPreprocessSpec, PreprocessSpec } from '../../../shared/preprocess.js';
import type { ResizeKernel } from '../../../shared/contract/jobs/bundle.js';
import type { TensorSignature } from '../../../shared/model-info.js';
import {
  signatureOf,
  StringStringEntryProtoSchema,
  TensorProto_DataType as DataType,
  tensorValueInfo,
  type LoadedModel,
} from '../onnx/index.js';
import { GraphEdit, int64Tensor, intAttr } from '../convert/graph-edit.js';
import { defaultOpset, upgradeOpset } from '../convert/opset-upgrade.js';
import { probeTensorTypes } from '../convert/tensor-types.js';
import { imageInput } from '../convert/timing-input.js';
import { resolvePreprocessSpec } from '../images/index.js';
import { addPreprocessing } from './preprocess-graph.js';

export { imageInput };

/** The bundle's input: what an image decoder hands over. */
export const BUNDLE_INPUT = 'image';
export const BUNDLE_INPUT_SHAPE = [1, 'height', 'width', 3] as const;
/** Outputs of the post-processing tail. */
export const SCORES_OUTPUT = 'scores';
export const TOP_K_SCORES = 'top_k_scores';
export const TOP_K_INDICES = 'top_k_indices';
/** metadata_props keys. */
export const META = { spec: 'parity.preprocess', kernel: 'parity.resize', classNames: 'class_names', input: 'parity.input' } as const;

export interface BundleTail {
  softmax: boolean;
  topK: number | null;
  classNames: readonly string[] | null;
}

/** The spec the bundle implements: the user's fields completed from the model's input, as compare resolves them. */
export function bundleSpec(model: LoadedModel, partial: PartialPreprocessSpec | null): PreprocessSpec {
  const spec = resolvePreprocessSpec(partial, imageInput(model));
  const unsupported = unsupportedInGraph(spec);
  if (unsupported.length > 0) {
    throw new ParityError(
      'BAD_OPTION',
      `A bundle cannot yet do this preprocessing inside its graph: ${unsupported.join('; ')}.`,
      'A bundle takes RGB or BGR models fed float32 or uint8 at batch 1; compare the model itself with `parity compare` meanwhile.',
    );
  }
  return spec;
}

/** Spec fields the preprocessing graph does not implement (it would feed the model something else than Parity does). */
function unsupportedInGraph(spec: PreprocessSpec): string[] {
  const out: string[] = [];
  if (spec.colorOrder === 'GRAY') out.push('colorOrder GRAY');
  if (spec.dtype === 'int8') out.push('dtype int8');
  if ((spec.batch ?? 1) !== 1) out.push(`batch ${spec.batch}`);
  return out;
}

/** The opset a bundle with this kernel needs: at least 13 (optional Resize inputs), 18 for antialias. */
export function bundleOpset(model: LoadedModel, kernel: ResizeKernel): { from: number; to: number } {
  const from = defaultOpset(model.proto);
  return { from, to: Math.max(from, kernel.minOpset) };
}

/** The output the post-processing tail reads: the first, which must be a class-score row; BAD_OPTION otherwise. */
export function classScoreOutput(model: LoadedModel): TensorSignature {
  const outputs = model.proto.graph!.output.map((o) => signatureOf(o));
  const first = outputs[0]!;
  if (first.shape !== null && first.shape.length !== 2) {
    throw new ParityError(
      'BAD_OPTION',
      `--softmax and --top-k apply to a class-score output [batch, classes]; the model's first output ${first.name} has shape [${first.shape.map((d) => d ?? '?').join(', ')}].`,
      'Leave out --softmax and --top-k for detectors and dense outputs; the programs then print a summary of each output.',
    );
  }
  return first;
}

export interface SplicedTail {
  /** The class-score output the tail reads (null without a tail). */
  scores: string | null;
  /** k as built: the requested k, at most the number of classes when that is fixed. */
  topK: number | null;
}

function addTail(edit: GraphEdit, model: LoadedModel, tail: BundleTail): SplicedTail {
  if (!tail.softmax && tail.topK === null) return { scores: null, topK: null };
  const graph = edit.graph;
  const source = classScoreOutput(model);
  let scores = source.name;
  if (tail.softmax) {
    scores = SCORES_OUTPUT;
    edit.addNode('Softmax', [source.name], [SCORES_OUTPUT], [intAttr('axis', -1)], 'parity_post/softmax');
    graph.output.push(tensorValueInfo(SCORES_OUTPUT, DataType.FLOAT, source.shape));
  }
  const classes = source.shape?.[1];
  const topK = tail.topK === null ? null : typeof classes === 'number' ? Math.min(tail.topK, classes) : tail.topK;
  if (topK !== null) {
    const k = edit.unique('parity_post/k');
    edit.addInitializer(int64Tensor(k, [1], [topK]));
    edit.addNode('TopK', [scores, k], [TOP_K_SCORES, TOP_K_INDICES], [intAttr('axis', -1), intAttr('largest', 1), intAttr('sorted', 1)], 'parity_post/top_k');
    const batch = source.shape?.[0] ?? null;
    graph.output.push(tensorValueInfo(TOP_K_SCORES, DataType.FLOAT, [batch, topK]));
    graph.output.push(tensorValueInfo(TOP_K_INDICES, DataType.INT64, [batch, topK]));
  }
  return { scores, topK };
}

function checkNamesFree(edit: GraphEdit, tail: BundleTail): void {
  const taken = [BUNDLE_INPUT, ...(tail.softmax ? [SCORES_OUTPUT] : []), ...(tail.topK !== null ? [TOP_K_SCORES, TOP_K_INDICES] : [])];
  for (const name of taken) {
    if (edit.unique(name) !== name) {
      throw new ParityError('UNSUPPORTED', `The model already has a tensor named "${name}", which the bundle's interface uses.`, 'Rename that tensor in the model and bundle it again.');
    }
  }
}

/**
 * Turns the loaded model (edited in place) into the bundle; returns what the tail built. `workDir` holds the type
 * probe when the opset must be raised.
 */
export async function spliceBundle(model: LoadedModel, spec: PreprocessSpec, kernel: ResizeKernel, tail: BundleTail, workDir: string): Promise<SplicedTail> {
  const original = imageInput(model);
  const opset = bundleOpset(model, kernel);
  if (opset.to > opset.from) upgradeOpset(model.proto, opset.to, await probeTensorTypes(model, workDir));
  const graph = model.proto.graph!;
  const edit = new GraphEdit(graph);
  checkNamesFree(edit, tail);
  graph.input = graph.input.filter((v) => v.name !== original.name);
  graph.input.unshift(tensorValueInfo(BUNDLE_INPUT, DataType.UINT8, [...BUNDLE_INPUT_SHAPE]));
  addPreprocessing(edit, { spec, kernel, image: BUNDLE_INPUT, output: original.name, stage: 'tensor' });
  const built = addTail(edit, model, tail);
  edit.sort();
  const meta: Record<string, string> = {
    [META.spec]: JSON.stringify(spec),
    [META.kernel]: kernel.id,
    [META.input]: `${BUNDLE_INPUT}: uint8 [1, height, width, 3], RGB, rows top to bottom, as decoded from an image file`,
  };
  if (tail.classNames) meta[META.classNames] = JSON.stringify(tail.classNames);
  const kept = model.proto.metadataProps.filter((p) => !(p.key in meta));
  model.proto.metadataProps = [...kept, ...Object.entries(meta).map(([key, value]) => create(StringStringEntryProtoSchema, { key, value }))];
  return built;
}
