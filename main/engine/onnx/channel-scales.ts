/**
 * Which tensors of a model are rescaled copies of another model's tensors, channel by channel, recorded in the
 * model's metadata: int8-static's channel equalization renames each tensor it rescales (`x` → `x_equalized`, channel
 * c multiplied by k_c along axis 1), and `parity layers` divides the factors back out to compare it with the
 * reference's `x`. The value is JSON: `{ "groups": [{ "tensors": { "<original>": "<renamed>", … }, "scales": [k_0, …] }] }`.
 */
import { create } from '@bufbuild/protobuf';
import { StringStringEntryProtoSchema, type ModelProto } from './generated/onnx_pb.js';

export const CHANNEL_SCALES_KEY = 'parity.channel_scales';

export interface RescaledTensor {
  /** The tensor's name in the rescaled model. */
  renamed: string;
  /** Factor of each channel (axis 1): rescaled = original × scale. */
  scales: Float64Array;
}

/** Records the rescaled tensors (original name → renamed copy and factors), replacing any earlier record. */
export function setChannelScales(model: ModelProto, rescaled: ReadonlyMap<string, RescaledTensor>): void {
  const groups = new Map<Float64Array, Record<string, string>>();
  for (const [original, r] of rescaled) {
    const tensors = groups.get(r.scales) ?? {};
    tensors[original] = r.renamed;
    groups.set(r.scales, tensors);
  }
  const value = JSON.stringify({ groups: [...groups].map(([scales, tensors]) => ({ tensors, scales: [...scales].map((k) => Number(k.toPrecision(7))) })) });
  model.metadataProps = [...model.metadataProps.filter((p) => p.key !== CHANNEL_SCALES_KEY), ...(rescaled.size > 0 ? [create(StringStringEntryProtoSchema, { key: CHANNEL_SCALES_KEY, value })] : [])];
}

/** The rescaled tensors a model records (original name → renamed copy); empty when none or unreadable. */
export function channelScalesOf(model: ModelProto): Map<string, RescaledTensor> {
  const out = new Map<string, RescaledTensor>();
  const value = model.metadataProps.find((p) => p.key === CHANNEL_SCALES_KEY)?.value;
  if (value === undefined) return out;
  try {
    const parsed = JSON.parse(value) as { groups?: Array<{ tensors?: Record<string, unknown>; scales?: unknown }> };
    for (const g of parsed.groups ?? []) {
      if (!Array.isArray(g.scales) || !g.scales.every((k) => typeof k === 'number' && k > 0 && Number.isFinite(k))) continue;
      const scales = Float64Array.from(g.scales as number[]);
      for (const [original, renamed] of Object.entries(g.tensors ?? {})) if (typeof renamed === 'string') out.set(original, { renamed, scales });
    }
  } catch {
    // A record this version cannot read only means the rescaled tensors are not compared.
  }
  return out;
}
