/**
 * ImageNet-C's clipped_zoom along one axis of length n: crop the centre ⌈n/z⌉, enlarge it to round(⌈n/z⌉·z) with
 * corner-aligned linear interpolation (scipy.ndimage.zoom, order 1), keep the centre n. Done per axis, so it also
 * works for non-square images. Zoom factors are ≥ 1.
 */

export interface ZoomAxis {
  i0: Int32Array;
  i1: Int32Array;
  frac: Float32Array;
}

/** For each output index, the two source indices and the weight of the second. */
export function zoomAxis(n: number, zoom: number): ZoomAxis {
  const crop = Math.min(n, Math.ceil(n / Math.max(1, zoom)));
  const top = Math.floor((n - crop) / 2);
  const zoomed = Math.round(crop * Math.max(1, zoom));
  const trim = Math.floor((zoomed - n) / 2);
  const scale = zoomed > 1 ? (crop - 1) / (zoomed - 1) : 0;
  const i0 = new Int32Array(n);
  const i1 = new Int32Array(n);
  const frac = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const u = Math.min(crop - 1, Math.max(0, (i + trim) * scale));
    const lo = Math.floor(u);
    i0[i] = top + lo;
    i1[i] = Math.min(n - 1, top + lo + 1);
    frac[i] = u - lo;
  }
  return { i0, i1, frac };
}

/** A single plane zoomed about its centre and clipped to its size. */
export function clippedZoomPlane(src: Float32Array, width: number, height: number, zoom: number): Float32Array {
  const rows = zoomAxis(height, zoom);
  const cols = zoomAxis(width, zoom);
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const a = rows.i0[y]! * width;
    const b = rows.i1[y]! * width;
    const fy = rows.frac[y]!;
    for (let x = 0; x < width; x++) {
      const p = cols.i0[x]!;
      const q = cols.i1[x]!;
      const fx = cols.frac[x]!;
      const top = src[a + p]! + fx * (src[a + q]! - src[a + p]!);
      const bottom = src[b + p]! + fx * (src[b + q]! - src[b + p]!);
      out[y * width + x] = top + fy * (bottom - top);
    }
  }
  return out;
}
