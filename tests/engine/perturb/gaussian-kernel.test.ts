/**
 * The blur every Gaussian-based corruption uses: exact truncated kernels below σ = 4, the recursive filter from
 * there on, which must stay within 2/255 of the exact kernel on a real image, at the edges too.
 */
import { describe, expect, it } from 'vitest';
import { RECURSIVE_FROM_SIGMA, blurPlane, blurRgb } from '../../../main/engine/perturb/kernels/gaussian-blur.js';
import { unitInterleaved, unitPlanes } from '../../../main/engine/perturb/pixels.js';
import { page224 } from './fixtures.js';

describe('blurPlane', () => {
  it.each([4, 6, 12])('matches the exact truncated Gaussian within 2/255 at σ = %d', async (sigma) => {
    expect(sigma).toBeGreaterThanOrEqual(RECURSIVE_FROM_SIGMA);
    const [plane] = unitPlanes(await page224());
    for (const mode of ['nearest', 'reflect'] as const) {
      const fast = blurPlane(plane, 224, 224, sigma, { mode });
      const exact = blurPlane(plane, 224, 224, sigma, { mode, method: 'exact' });
      let worst = 0;
      let total = 0;
      for (let i = 0; i < fast.length; i++) {
        const d = Math.abs(Math.round(fast[i]! * 255) - Math.round(exact[i]! * 255));
        worst = Math.max(worst, d);
        total += d;
      }
      expect(worst, `${mode}`).toBeLessThanOrEqual(2);
      expect(total / fast.length).toBeLessThan(0.3);
    }
  });

  it.each([0.7, 1.5, 3, 6])('blurs interleaved RGB exactly as each plane alone (σ = %d)', async (sigma) => {
    const image = await page224();
    const planes = unitPlanes(image).map((p) => blurPlane(p, 224, 224, sigma));
    const rgb = blurRgb(unitInterleaved(image), 224, 224, sigma);
    let worst = 0;
    for (let i = 0; i < 224 * 224; i++) for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(rgb[i * 3 + c]! - planes[c]![i]!));
    expect(worst).toBeLessThan(1e-6);
  });

  it('uses the exact cosine series when σ is large next to the image under a reflect border', () => {
    // elastic_transform smooths its displacement noise with σ up to 171 px on a 224 px image.
    let state = 7;
    const noise = Float32Array.from({ length: 64 * 48 }, () => {
      state = (state * 1103515245 + 12345) & 0x7fffffff;
      return state / 0x7fffffff - 0.5;
    });
    for (const sigma of [12, 30]) {
      const fast = blurPlane(noise, 64, 48, sigma, { mode: 'reflect' });
      const exact = blurPlane(noise, 64, 48, sigma, { mode: 'reflect', method: 'exact', truncate: 8 });
      let worst = 0;
      let spread = 0;
      for (let i = 0; i < fast.length; i++) {
        worst = Math.max(worst, Math.abs(fast[i]! - exact[i]!));
        spread = Math.max(spread, Math.abs(exact[i]! - exact[0]!));
      }
      expect(spread).toBeGreaterThan(1e-5);
      expect(worst).toBeLessThan(1e-6);
    }
  });

  it('keeps a constant image constant and preserves the mean', async () => {
    const flat = new Float32Array(50 * 30).fill(0.4);
    for (const sigma of [0.7, 3, 8, 170]) {
      const out = blurPlane(flat, 50, 30, sigma, { mode: 'reflect', truncate: 3 });
      for (const v of out) expect(v).toBeCloseTo(0.4, 5);
    }
  });
});
