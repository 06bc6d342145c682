/**
 * ImageMagick's motion blur (MagickMotionBlurImage, which ImageNet-C calls through Wand): a one-sided streak of
 * width = 2·⌈radius⌉ + 1 taps at integer offsets (⌈i·cos θ − ½⌉, ⌈i·sin θ − ½⌉), i = 0 … width−1, weighted
 * exp(−i²/2σ²) and normalised; pixels beyond the edge repeat the edge (ImageMagick's default virtual pixels).
 */

export interface MotionTaps {
  dx: Int32Array;
  dy: Int32Array;
  weight: Float32Array;
}

/** The taps of a streak at `angleDegrees`, taps landing on the same pixel merged. */
export function motionTaps(radius: number, sigma: number, angleDegrees: number): MotionTaps {
  const width = 2 * Math.ceil(Math.max(0, radius)) + 1;
  const theta = (angleDegrees * Math.PI) / 180;
  const s = Math.max(sigma, 1e-3);
  const merged = new Map<string, { dx: number; dy: number; w: number }>();
  let total = 0;
  for (let i = 0; i < width; i++) {
    const w = Math.exp(-(i * i) / (2 * s * s));
    total += w;
    const dx = Math.ceil(i * Math.cos(theta) - 0.5);
    const dy = Math.ceil(i * Math.sin(theta) - 0.5);
    const key = `${dx},${dy}`;
    const tap = merged.get(key);
    if (tap) tap.w += w;
    else merged.set(key, { dx, dy, w });
  }
  const taps = [...merged.values()];
  return {
    dx: Int32Array.from(taps, (t) => t.dx),
    dy: Int32Array.from(taps, (t) => t.dy),
    weight: Float32Array.from(taps, (t) => t.w / total),
  };
}

/** Applies the streak to `channels`-interleaved float values (1 or 3 channels; edges repeated). */
export function motionBlurValues(src: Float32Array, width: number, height: number, channels: 1 | 3, taps: MotionTaps): Float32Array {
  const out = new Float32Array(src.length);
  const n = taps.weight.length;
  let minDx = 0;
  let maxDx = 0;
  let minDy = 0;
  let maxDy = 0;
  const linear = new Int32Array(n);
  for (let t = 0; t < n; t++) {
    minDx = Math.min(minDx, taps.dx[t]!);
    maxDx = Math.max(maxDx, taps.dx[t]!);
    minDy = Math.min(minDy, taps.dy[t]!);
    maxDy = Math.max(maxDy, taps.dy[t]!);
    linear[t] = (taps.dy[t]! * width + taps.dx[t]!) * channels;
  }
  const weight = taps.weight;
  for (let y = 0; y < height; y++) {
    const interiorRow = y + minDy >= 0 && y + maxDy < height;
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * channels;
      const interior = interiorRow && x + minDx >= 0 && x + maxDx < width;
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      for (let t = 0; t < n; t++) {
        let from: number;
        if (interior) {
          from = at + linear[t]!;
        } else {
          const sx = Math.min(width - 1, Math.max(0, x + taps.dx[t]!));
          const sy = Math.min(height - 1, Math.max(0, y + taps.dy[t]!));
          from = (sy * width + sx) * channels;
        }
        const w = weight[t]!;
        a0 += w * src[from]!;
        if (channels === 3) {
          a1 += w * src[from + 1]!;
          a2 += w * src[from + 2]!;
        }
      }
      out[at] = a0;
      if (channels === 3) {
        out[at + 1] = a1;
        out[at + 2] = a2;
      }
    }
  }
  return out;
}
