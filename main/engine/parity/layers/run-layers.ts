/**
 * Layerwise error of a candidate against its reference: both models run on the same images with every paired
 * intermediate tensor as an extra output (in-memory copies, see with-outputs.ts), and each tensor's error is summed
 * over the images. Rows follow the reference's graph order; the first row below the SQNR floor and the node that
 * adds the most error by itself are named.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { PartialPreprocessSpec, PreprocessSpec } from '../../../../shared/preprocess.js';
import { ParityError } from '../../../../shared/errors.js';
import type { Layerwise, LayerRow } from '../../../../shared/report/layers-section.js';
import { listImages, resolvePreprocessSpec, type ImageEntry, type ImageTensor } from '../../images/index.js';
import type { JobContext } from '../../jobs/context.js';
import type { ModelSession, TensorInput } from '../../infer/model-session.js';
import { channelScalesOf, readModel, signatureOf, type LoadedModel } from '../../onnx/index.js';
import { assertModelsCorrespond, type ModelSignature } from '../pair/signatures.js';
import { streamTensors } from '../../images/stream-tensors.js';
import { buildAloneProbe, type AloneProbe } from './alone-probe.js';
import { RescaledCopies, scaleChannels } from './rescaled-copies.js';
import { pairTensors, type TensorPair } from './tensor-pairs.js';
import { withOwnDequantize } from './own-dequantize.js';
import { TensorError } from './tensor-error.js';
import { chunkLimitBytes, tensorSizes } from './layer-sizes.js';
import { openModelCopy, openWithOutputs } from './with-outputs.js';

export interface LayersRequest {
  reference: string | LoadedModel;
  candidate: string | LoadedModel;
  /** A folder of images, or the entries already listed (the search passes its validation images). */
  images: string | { root: string; entries: readonly ImageEntry[] };
  preprocess: PartialPreprocessSpec | PreprocessSpec | null;
  maxImages: number;
  floorDb: number;
  threads: number | null;
  /** Bytes of compared tensors fetched per model run, at most (default: chunkLimitBytes(), from the free memory). */
  chunkBytes?: number;
}

/** ONNX Runtime level of both sessions: 'basic' folds constants but fuses no QDQ group, so each tensor exists. */
const LEVEL = 'basic';

const FLOAT_TYPES = new Set(['float32', 'float16', 'float64']);

function modelSignature(model: LoadedModel): ModelSignature {
  const graph = model.proto.graph!;
  const inits = new Set(graph.initializer.map((t) => t.name));
  return { inputs: graph.input.filter((i) => !inits.has(i.name)).map(signatureOf), outputs: graph.output.map(signatureOf) };
}

async function load(model: string | LoadedModel, role: string): Promise<LoadedModel> {
  if (typeof model !== 'string') return model;
  const file = path.resolve(model);
  const stat = await fs.stat(file).catch(() => null);
  if (!stat?.isFile()) throw new ParityError('BAD_OPTION', `The ${role} model was not found: ${file}`, 'Check the path.');
  return readModel(file);
}

async function listed(images: LayersRequest['images'], maxImages: number): Promise<{ root: string; entries: ImageEntry[]; skipped: Array<{ path: string; reason: string }> }> {
  if (typeof images !== 'string') return { root: images.root, entries: images.entries.slice(0, maxImages), skipped: [] };
  const root = path.resolve(images);
  const stat = await fs.stat(root).catch(() => null);
  if (!stat?.isDirectory()) throw new ParityError('BAD_OPTION', `Images folder not found: ${root}`, 'Pass --images <dir> with image files.');
  const listing = await listImages(root, { withLabels: false, maxImages });
  if (listing.entries.length === 0) {
    throw new ParityError('NO_IMAGES', `No usable images in ${root}.`, 'Supported: JPEG, PNG, WebP, TIFF, GIF, AVIF.');
  }
  return { root, entries: listing.entries, skipped: listing.skipped.map((s) => ({ path: s.path, reason: s.reason })) };
}

interface Chunk {
  /** Indices into the compared pairs. */
  pairs: number[];
  refWanted: string[];
  /** The single-node probe of this group's quantized nodes (outputs keyed by position in `pairs`). */
  probe: AloneProbe | null;
  session: ModelSession | null;
}

/**
 * Groups the pairs in graph order so that each group's fetched tensors stay under `limit` bytes (a tensor is counted
 * four times: reference, candidate, the probe's output and its inputs), each with its own single-node probe.
 */
async function planChunks(
  pairs: readonly TensorPair[],
  bytes: readonly number[],
  limit: number,
  candidate: LoadedModel,
  available: (tensor: string) => boolean,
  copies: RescaledCopies,
  inputName: string,
  options: { threads: number | null; optimizationLevel: typeof LEVEL },
  /** Receives every session opened, so that the caller releases them whatever happens. */
  opened: ModelSession[],
): Promise<Chunk[]> {
  const groups: number[][] = [];
  let current: number[] = [];
  let size = 0;
  pairs.forEach((_, i) => {
    const cost = 4 * bytes[i]!;
    if (current.length > 0 && size + cost > limit) {
      groups.push(current);
      current = [];
      size = 0;
    }
    current.push(i);
    size += cost;
  });
  if (current.length > 0) groups.push(current);
  const chunks: Chunk[] = [];
  for (const group of groups) {
    const probe = buildAloneProbe(candidate.proto, group.map((i) => pairs[i]!), available);
    const session = probe === null ? null : await openModelCopy(probe.model, candidate.dir, `the probe of single nodes of the candidate (${path.basename(candidate.path)}), held as`, options);
    if (session !== null) opened.push(session);
    const feeds = probe?.feeds.filter((f) => f !== inputName).map((f) => copies.referenceName(f)) ?? [];
    chunks.push({ pairs: group, refWanted: [...new Set([...group.map((i) => pairs[i]!.tensor), ...feeds])], probe, session });
  }
  return chunks;
}

/** Compares every paired intermediate tensor of `candidate` with `reference` over the images. */
export async function runLayers(request: LayersRequest, ctx: JobContext): Promise<Layerwise> {
  ctx.progress('loading models', 0, 2);
  const reference = await load(request.reference, 'reference');
  const loaded = await load(request.candidate, 'candidate');
  const candidate = { ...loaded, proto: withOwnDequantize(loaded.proto) };
  const refSig = modelSignature(reference);
  assertModelsCorrespond(refSig, modelSignature(candidate));
  const rescaled = channelScalesOf(candidate.proto);
  const copies = new RescaledCopies(rescaled);
  const pairing = pairTensors(reference.proto.graph!, candidate.proto.graph!, rescaled);
  const options = { threads: request.threads, optimizationLevel: LEVEL } as const;
  const input = refSig.inputs[0]!;
  // The probe of single nodes reads reference tensors that feed a QuantizeLinear (float by definition).
  const produced = new Set(pairing.producers.keys());
  const available = (t: string): boolean => (t === input.name ? input.dtype === 'float32' : produced.has(copies.referenceName(t)));
  const probeFeeds = buildAloneProbe(candidate.proto, pairing.pairs, available)?.feeds.filter((f) => f !== input.name).map((f) => copies.referenceName(f)) ?? [];
  const refSession = await openWithOutputs(reference, [...pairing.pairs.map((p) => p.tensor), ...probeFeeds], 'reference', options);
  const sessions: ModelSession[] = [refSession];
  try {
    const candSession = await openWithOutputs(candidate, pairing.pairs.map((p) => p.candidateTensor), 'candidate', options);
    sessions.push(candSession);
    ctx.progress('loading models', 2, 2);
    const refTypes = new Map(refSession.signature().outputs.map((o) => [o.name, o.dtype]));
    const candTypes = new Map(candSession.signature().outputs.map((o) => [o.name, o.dtype]));
    const pairs = pairing.pairs.filter((p) => FLOAT_TYPES.has(refTypes.get(p.tensor) ?? '') && FLOAT_TYPES.has(candTypes.get(p.candidateTensor) ?? ''));
    const notFloat = pairing.pairs.length - pairs.length;
    const spec = resolvePreprocessSpec(request.preprocess, input);
    const images = await listed(request.images, request.maxImages);
    const errors = pairs.map(() => new TensorError());
    const alone = pairs.map(() => new TensorError());
    const isolated = new Set<number>();
    const shapeMismatch = new Set<number>();
    const skipped = [...images.skipped];
    const feedOf = (tensor: ImageTensor): Record<string, TensorInput> => ({ [input.name]: { data: tensor.data, dims: tensor.dims, dtype: spec.dtype } });
    let chunks: Chunk[] | null = null;
    let used = 0;
    for await (const { tensor } of streamTensors(images.entries, spec, ctx, 'comparing layers', skipped)) {
      const feed = feedOf(tensor);
      if (chunks === null) {
        const limit = request.chunkBytes ?? chunkLimitBytes();
        chunks = await planChunks(pairs, await tensorSizes(refSession, feed, input.name, pairs), limit, candidate, available, copies, input.name, options, sessions);
        if (chunks.length > 1) ctx.log('info', `layers: ${pairs.length} tensors compared in ${chunks.length} groups of at most ${(limit / 2 ** 20).toFixed(0)} MB per image`);
      }
      for (const chunk of chunks) {
        ctx.throwIfCancelled();
        const refOut = await refSession.run(feed, chunk.refWanted);
        const candOut = await candSession.run(feed, chunk.pairs.map((i) => pairs[i]!.candidateTensor));
        const probeOut =
          chunk.probe === null || chunk.session === null
            ? null
            : await chunk.session.run(
                Object.fromEntries(
                  chunk.probe.feeds.map((f) => {
                    if (f === input.name) return [f, feed[input.name]!];
                    const ref = refOut[copies.referenceName(f)]!;
                    return [f, { data: copies.fromReference(f, ref.data as Float32Array, ref.dims), dims: ref.dims, dtype: 'float32' as const }];
                  }),
                ),
                [...chunk.probe.outputs.values()],
              );
        chunk.pairs.forEach((i, j) => {
          const p = pairs[i]!;
          const r = refOut[p.tensor]!.data;
          const out = candOut[p.candidateTensor]!;
          const c = p.channelScales === null ? out.data : scaleChannels(out.data as Float32Array, out.dims, p.channelScales, 'divide');
          if (r.length !== c.length) {
            shapeMismatch.add(i);
            return;
          }
          errors[i]!.add(r, c);
          const single = chunk.probe?.outputs.get(j);
          const probed = single === undefined ? undefined : probeOut?.[single]?.data;
          const a = probed === undefined || p.channelScales === null ? probed : scaleChannels(probed as Float32Array, out.dims, p.channelScales, 'divide');
          if (a !== undefined && a.length === r.length) {
            alone[i]!.add(r, a);
            isolated.add(i);
          }
        });
      }
      used++;
    }
    if (used === 0) {
      throw new ParityError('NO_IMAGES', `None of the ${images.entries.length} images could be decoded.`, `First reason: ${skipped[0]?.reason ?? 'unknown'}`);
    }
    const kept = pairs.map((p, i) => ({ p, e: errors[i]!, alone: isolated.has(i) ? alone[i]! : null })).filter((_, i) => !shapeMismatch.has(i));
    const rows = kept.map(({ p, e, alone: a }) => rowOf(p, e, a));
    const firstBelow = rows.findIndex((r) => r.sqnrDb !== null && r.sqnrDb < request.floorDb);
    let weakest: number | null = null;
    rows.forEach((r, i) => {
      if (r.aloneSqnrDb !== null && (weakest === null || r.aloneSqnrDb < rows[weakest]!.aloneSqnrDb!)) weakest = i;
    });
    const notes = [
      `Both models ran at ONNX Runtime level '${LEVEL}' with every compared tensor as an extra output: a QDQ candidate computes its own dequantized arithmetic there, without the integer-kernel fusion of level 'all' (whose results differ by one or two quantization steps).`,
    ];
    if (shapeMismatch.size > 0) notes.push(`${shapeMismatch.size} tensor(s) have a different size in the two models (e.g. ${pairs[[...shapeMismatch][0]!]!.tensor}) and are left out.`);
    if (notFloat > 0) notes.push(`${notFloat} paired tensor(s) are not floating point in both models (shapes, indices) and are left out.`);
    return {
      reference: reference.path,
      candidate: candidate.path,
      images: used,
      optimizationLevel: LEVEL,
      floorDb: request.floorDb,
      rows,
      firstBelowFloor: firstBelow < 0 ? null : firstBelow,
      mostSensitive: weakest,
      unmatched: pairing.unmatched,
      skipped,
      notes,
    };
  } finally {
    await Promise.all(sessions.map((x) => x.release()));
  }
}

function rowOf(p: TensorPair, e: TensorError, alone: TensorError | null): LayerRow {
  const s = e.summary();
  return {
    index: p.index,
    tensor: p.tensor,
    node: p.node.name,
    op: p.node.opType,
    candidateNode: p.candidateNode.name,
    candidateOp: p.candidateNode.opType,
    candidateTensor: p.candidateTensor,
    quantized: p.quantized,
    sqnrDb: s.sqnrDb,
    cosine: s.cosine,
    aloneSqnrDb: alone === null ? null : alone.summary().sqnrDb,
    maxAbsDiff: s.maxAbsDiff,
    maxAbsReference: s.maxAbsReference,
    elements: s.elements,
    nonFinite: s.nonFinite,
  };
}
