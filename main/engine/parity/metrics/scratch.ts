/**
 * Reusable buffers for the metric functions. They run once per output per image on maps of up to millions of
 * elements; allocating per call would churn the garbage collector, so each slot grows once and is kept.
 * The functions are synchronous, so no two calls can hold the same slot at once.
 */
export type ScratchSlot = 'absDiff' | 'bucketCounts' | 'refRow' | 'candRow' | 'refBest' | 'candBest';
export type IndexScratchSlot = 'refArgmax' | 'candArgmax';

const floatSlots = new Map<ScratchSlot, Float64Array>();
const indexSlots = new Map<IndexScratchSlot, Int32Array>();

/** A float64 buffer of at least `length` elements (contents undefined). */
export function scratchFloat(slot: ScratchSlot, length: number): Float64Array {
  const current = floatSlots.get(slot);
  if (current && current.length >= length) return current;
  const next = new Float64Array(length);
  floatSlots.set(slot, next);
  return next;
}

/** An int32 buffer of at least `length` elements (contents undefined). */
export function scratchIndex(slot: IndexScratchSlot, length: number): Int32Array {
  const current = indexSlots.get(slot);
  if (current && current.length >= length) return current;
  const next = new Int32Array(length);
  indexSlots.set(slot, next);
  return next;
}

/** Drops every scratch buffer (after a run on very large outputs, to give the memory back). */
export function releaseMetricScratch(): void {
  floatSlots.clear();
  indexSlots.clear();
}
