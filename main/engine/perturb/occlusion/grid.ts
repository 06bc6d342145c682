/**
 * Grid dropout (GridMask, Chen et al. 2020): a black square (or nearly square rectangle) in every d × d cell of a
 * grid shifted at random, sized so that the share of the image it covers is as close to the nominal one as whole
 * pixels allow. The grid (d and its offset) is drawn from the severity-independent layout stream, so the
 * severities of one image share the grid and only the squares grow.
 */
import type { RgbImage } from '../../images/index.js';
import type { Rng } from '../rng.js';

export function occlusionGrid(image: RgbImage, params: { coverage: number; minCell: number; maxCell: number }, layout: Rng): RgbImage {
  const { width, height } = image;
  const shorter = Math.min(width, height);
  const cell = Math.max(2, Math.round(layout.range(params.minCell, params.maxCell) * shorter));
  const ox = layout.int(0, cell);
  const oy = layout.int(0, cell);
  // Rows (columns) with y + oy ≡ 0 … side−1 (mod d) are covered; count them for every side on this image, then take
  // the nearly square rectangle whose covered share of the whole image is closest to the target.
  const counts = (n: number, offset: number): Int32Array => {
    const c = new Int32Array(cell + 1);
    for (let i = 0; i < n; i++) c[((i + offset) % cell) + 1]!++;
    for (let k = 1; k <= cell; k++) c[k]! += c[k - 1]!;
    return c;
  };
  const rows = counts(height, oy);
  const cols = counts(width, ox);
  const area = width * height;
  let sideX = 1;
  let sideY = 1;
  let best = Infinity;
  for (let x = 1; x < cell; x++) {
    for (let y = 1; y < cell; y++) {
      const error = Math.abs((rows[y]! * cols[x]!) / area - params.coverage) + 1e-6 * Math.abs(x - y);
      if (error < best) {
        best = error;
        sideX = x;
        sideY = y;
      }
    }
  }
  const data = new Uint8Array(image.data);
  for (let y = 0; y < height; y++) {
    if ((y + oy) % cell >= sideY) continue;
    for (let x = 0; x < width; x++) {
      if ((x + ox) % cell >= sideX) continue;
      const i = (y * width + x) * 3;
      data[i] = 0;
      data[i + 1] = 0;
      data[i + 2] = 0;
    }
  }
  return { data, width, height };
}
