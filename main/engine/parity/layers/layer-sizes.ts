/**
 * How many bytes each compared tensor takes per image, and how many bytes of them one model run may fetch. Sizes come
 * from the shapes ONNX Runtime inferred when it loaded the model (the input's symbolic dims bound to the fed ones);
 * only tensors whose shape stays unknown are measured by running the model on the first image a few at a time. The
 * per-run budget grows with the memory this machine has free: on a large model (ISNet at 1024×1024 holds 3.3 GiB of
 * float intermediates) every group costs a run of each model, so a fixed small budget made a one-image compare take
 * minutes.
 */
import { freemem } from 'node:os';
import type { ModelSession, TensorInput } from '../../infer/model-session.js';
import type { TensorPair } from './tensor-pairs.js';

/** Least bytes of compared tensors fetched per model run (the budget never goes below it). */
export const CHUNK_BYTES = 192 * 2 ** 20;
/** Most bytes per run, however much memory is free. */
export const MAX_CHUNK_BYTES = 2 * 2 ** 30;
/** Tensors fetched per run while the sizes of tensors with unknown shapes are measured. */
const SIZING_GROUP = 16;

/** The per-run budget: an eighth of the free memory, between CHUNK_BYTES and MAX_CHUNK_BYTES. */
export function chunkLimitBytes(free: number = freemem()): number {
  return Math.min(MAX_CHUNK_BYTES, Math.max(CHUNK_BYTES, Math.floor(free / 8)));
}

/** Element counts of each output from ONNX Runtime's inferred shapes, symbolic dims bound to the input's; null if unknown. */
function inferredElements(session: ModelSession, inputName: string, inputDims: readonly number[], names: readonly string[]): Array<number | null> {
  const { inputs, outputs } = session.signature();
  const bound = new Map<string, number>();
  inputs.find((i) => i.name === inputName)?.shape?.forEach((d, k) => {
    if (typeof d === 'string' && inputDims[k] !== undefined) bound.set(d, inputDims[k]!);
  });
  const shapes = new Map(outputs.map((o) => [o.name, o.shape]));
  return names.map((name) => {
    const shape = shapes.get(name);
    if (!shape) return null;
    let n = 1;
    for (const d of shape) {
      const v = typeof d === 'number' ? d : typeof d === 'string' ? bound.get(d) : undefined;
      if (v === undefined || v < 0) return null;
      n *= v;
    }
    return n;
  });
}

/** Bytes of each pair's reference tensor as ModelSession.run returns it (float32) for this feed. */
export async function tensorSizes(session: ModelSession, feed: Record<string, TensorInput>, inputName: string, pairs: readonly TensorPair[]): Promise<number[]> {
  const elements = inferredElements(session, inputName, feed[inputName]?.dims ?? [], pairs.map((p) => p.tensor));
  const bytes = elements.map((n) => (n === null ? 0 : 4 * n));
  const unknown = pairs.map((_, i) => i).filter((i) => elements[i] === null);
  for (let k = 0; k < unknown.length; k += SIZING_GROUP) {
    const group = unknown.slice(k, k + SIZING_GROUP);
    const out = await session.run(feed, group.map((i) => pairs[i]!.tensor));
    for (const i of group) bytes[i] = out[pairs[i]!.tensor]!.data.byteLength;
  }
  return bytes;
}
