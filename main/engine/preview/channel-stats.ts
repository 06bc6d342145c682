/** Per-channel min / mean / max of an image tensor, in the tensor's channel order. */
import type { ChannelStats } from '../../../shared/contract/jobs/preview.js';
import type { PreprocessSpec } from '../../../shared/preprocess.js';
import type { ImageTensor } from '../images/index.js';

/** Statistics of each of the 3 channels of a batch-1 NCHW or NHWC tensor. */
export function channelStats(tensor: ImageTensor, spec: Pick<PreprocessSpec, 'layout' | 'colorOrder'>): ChannelStats[] {
  const names = spec.colorOrder === 'RGB' ? ['R', 'G', 'B'] : ['B', 'G', 'R'];
  const data = tensor.data;
  const pixels = data.length / 3;
  return names.map((channel, c) => {
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    // NCHW: channel c is one contiguous plane; NHWC: every third value starting at c.
    const start = spec.layout === 'NCHW' ? c * pixels : c;
    const step = spec.layout === 'NCHW' ? 1 : 3;
    for (let i = 0, j = start; i < pixels; i++, j += step) {
      const v = data[j] as number;
      if (v < min) min = v;
      if (v > max) max = v;
      sum += v;
    }
    return { channel, min, mean: sum / pixels, max };
  });
}
