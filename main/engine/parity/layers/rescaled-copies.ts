/**
 * The candidate's tensors that are rescaled copies of the reference's (channel equalization renames `x` to
 * `x_equalized` with channel c multiplied by k_c, recorded in the model's metadata): which reference tensor each
 * stands for, and its value from the reference's, so that the probe of single nodes can feed a node that reads one.
 */
import type { RescaledTensor } from '../../onnx/index.js';

/** `data` with each channel (axis 1) multiplied or divided by its factor; unchanged if the channels differ. */
export function scaleChannels(data: Float32Array, dims: readonly number[], scales: Float64Array, op: 'multiply' | 'divide'): Float32Array {
  const channels = dims[1];
  if (dims.length < 2 || channels !== scales.length) return data;
  const inner = dims.slice(2).reduce((a, b) => a * b, 1);
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const k = scales[Math.floor(i / inner) % channels]!;
    out[i] = op === 'multiply' ? data[i]! * k : data[i]! / k;
  }
  return out;
}

export class RescaledCopies {
  private readonly copies = new Map<string, { original: string; scales: Float64Array }>();

  constructor(rescaled: ReadonlyMap<string, RescaledTensor>) {
    for (const [original, r] of rescaled) this.copies.set(r.renamed, { original, scales: r.scales });
  }

  /** The reference tensor a candidate tensor name stands for (itself when it is no copy). */
  referenceName(tensor: string): string {
    return this.copies.get(tensor)?.original ?? tensor;
  }

  /** The candidate's value of `tensor` given the reference's value of the tensor it stands for. */
  fromReference(tensor: string, data: Float32Array, dims: readonly number[]): Float32Array {
    const copy = this.copies.get(tensor);
    return copy === undefined ? data : scaleChannels(data, dims, copy.scales, 'multiply');
  }
}
