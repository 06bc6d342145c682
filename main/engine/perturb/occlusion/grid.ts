/**
 * Grid dropout (GridMask, Chen et al. 2020): a black square of side ≈ d·√coverage in every d × d cell of a grid
 * shifted at random. The grid (d and its offset) is drawn from the severity-independent layout stream, so the
 * severities of one image share the grid and only the square grows.
 */
import type { RgbImage } from '../../images/index.js';
import type { Rng } from '../rng.js';

export function occlusionGrid(image: RgbImage, params: { coverage: number; minCell: number; maxCell: number }, layout: Rng): RgbImage {
  const { width, height } = image;
  const shorter = Math.min(width, height);
  const cell = Math.max(2, Math.round(layout.range(params.minCell, params.maxCell) * shorter));
  const ox = layout.int(0, cell);
  const oy = layout.int(0, cell);
  // A square of side d·√coverage, or the nearly square rectangle whose share of a small cell is closest to the target.
  const target = params.coverage * cell * cell;
  let sideX = 1;
  let sideY = 1;
  for (let x = 1; x < cell; x++) {
    const y = Math.min(cell - 1, Math.max(1, Math.round(target / x)));
    const better = Math.abs(x * y - target) < Math.abs(sideX * sideY - target) - 1e-9;
    const asGood = Math.abs(Math.abs(x * y - target) - Math.abs(sideX * sideY - target)) <= 1e-9 && Math.abs(x - y) < Math.abs(sideX - sideY);
    if (better || asGood) {
      sideX = x;
      sideY = y;
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
