/** Per-channel min / mean / max of an image tensor, in the tensor's channel order. */
import type { ChannelStats } from '../../../shared/contract/jobs/preview.js';
import { channelCount, type PreprocessSpec } from '../../../shared/preprocess.js';
import type { ImageTensor } from '../images/index.js';

const CHANNEL_NAMES = { RGB: ['R', 'G', 'B'], BGR: ['B', 'G', 'R'], GRAY: ['Y'] } as const;

/** Statistics of each channel (3, or 1 for GRAY) of the first image of an NCHW or NHWC tensor. */
export function channelStats(tensor: ImageTensor, spec: Pick<PreprocessSpec, 'layout' | 'colorOrder'>): ChannelStats[] {
  const names = CHANNEL_NAMES[spec.colorOrder];
  const channels = channelCount(spec);
  const data = tensor.data;
  const batch = tensor.dims[0] ?? 1;
  const pixels = data.length / batch / channels;
  return names.map((channel, c) => {
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    // NCHW: channel c is one contiguous plane; NHWC: every third value starting at c.
    const start = spec.layout === 'NCHW' ? c * pixels : c;
    const step = spec.layout === 'NCHW' ? 1 : channels;
    for (let i = 0, j = start; i < pixels; i++, j += step) {
      const v = data[j] as number;
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
    }
    return { channel, min, mean: sum / pixels, max };
  });
}
