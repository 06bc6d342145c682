/**
 * Each corruption gets stronger with severity on a fixed real image, measured the way its effect shows: noise raises
 * the residual's deviation, blur lowers high-frequency energy, fog and frost lower the contrast that remains,
 * brightness raises the mean, occlusion covers more, and so on. Where ImageNet-C itself gives two severities nearly
 * the same parameters (snow 2/3, fog 3/4, frost 3/4), the measure may stay level there within a tenth of its range.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { RgbImage } from '../../../main/engine/images/index.js';
import { perturbImage } from '../../../main/engine/perturb/index.js';
import { PERTURBATIONS, SEVERITIES, type PerturbationName } from '../../../shared/perturbations/index.js';
import {
  changedShare,
  contrastKept,
  highFrequencyEnergy,
  line192,
  localContrast,
  lumaStd,
  meanLuma,
  page224,
  residualStd,
  saturationChange,
  tintedLine,
} from './fixtures.js';

let page: RgbImage;
let line: RgbImage;
let tinted: RgbImage;

beforeAll(async () => {
  [page, line, tinted] = await Promise.all([page224(), line192(), tintedLine()]);
});

/** The measure at each severity, averaged over `seeds` (random directions and textures vary from seed to seed). */
async function curve(name: PerturbationName, image: RgbImage, measure: (clean: RgbImage, out: RgbImage) => number, seeds = 1): Promise<number[]> {
  const values: number[] = [];
  for (const severity of SEVERITIES) {
    let sum = 0;
    for (let seed = 0; seed < seeds; seed++) sum += measure(image, await perturbImage(image, { name, severity, seed }));
    values.push(sum / seeds);
  }
  return values;
}

function expectIncreasing(values: number[]): void {
  for (let i = 1; i < values.length; i++) expect(values[i], `severity ${i + 1} vs ${i}: ${values.join(', ')}`).toBeGreaterThan(values[i - 1]!);
}

function expectDecreasing(values: number[]): void {
  expectIncreasing(values.map((v) => -v));
}

/** Non-decreasing up to a tenth of the range, and clearly stronger at 5 than at 1. */
function expectRising(values: number[]): void {
  const range = Math.max(...values) - Math.min(...values);
  expect(range).toBeGreaterThan(0);
  for (let i = 1; i < values.length; i++) expect(values[i], `severity ${i + 1} vs ${i}: ${values.join(', ')}`).toBeGreaterThan(values[i - 1]! - 0.1 * range);
  expect(values[4]! - values[0]!).toBeGreaterThan(0.5 * range);
}

describe('strength grows with severity', () => {
  it.each(['gaussian_noise', 'shot_noise', 'impulse_noise', 'speckle_noise'] as const)('%s raises the residual deviation', async (name) => {
    expectIncreasing(await curve(name, page, residualStd));
  });

  it.each(['defocus_blur', 'glass_blur', 'motion_blur', 'gaussian_blur'] as const)('%s lowers high-frequency energy', async (name) => {
    const values = await curve(name, page, (_clean, out) => highFrequencyEnergy(out), 3);
    expectDecreasing(values);
    expect(values[0]).toBeLessThan(highFrequencyEnergy(page));
  });

  it('zoom_blur keeps less of the image at each severity (its zoom range widens)', async () => {
    const values = await curve('zoom_blur', page, contrastKept);
    expectDecreasing(values);
    // Its ghosts are discrete copies, so pixel-level energy falls overall rather than at every step.
    expect(highFrequencyEnergy(await perturbImage(page, { name: 'zoom_blur', severity: 5, seed: 0 }))).toBeLessThan(highFrequencyEnergy(page) / 5);
  });

  it('fog lowers local contrast to max/(max + amount), as ImageNet-C\'s formula sets it', async () => {
    for (const image of [page, line]) {
      const max = image.data.reduce((m, v) => Math.max(m, v), 0) / 255;
      const kept: number[] = [];
      for (const severity of SEVERITIES) {
        const out = await perturbImage(image, { name: 'fog', severity, seed: 0 });
        kept.push(localContrast(out) / localContrast(image));
      }
      kept.forEach((k, i) => expect(k, `severity ${i + 1}`).toBeCloseTo(max / (max + PERTURBATIONS.fog.severities[i]!.amount), 1));
      // Severities 3 and 4 add the same amount of plasma (only its roughness differs).
      expectDecreasing([kept[0]!, kept[1]!, kept[2]!, kept[4]!]);
      expectDecreasing([kept[0]!, kept[1]!, kept[3]!, kept[4]!]);
    }
  });

  it('frost lowers the contrast that remains', async () => {
    // Averaged over six texture windows, which differ in how much ice they hold.
    expectRising((await curve('frost', line, contrastKept, 6)).map((v) => -v));
  });

  it('snow whitens more and adds more flakes', async () => {
    expectRising(await curve('snow', page, residualStd));
    // Severities 2 and 3 add the same mean amount of snow (more small flakes vs fewer large ones): compare 1, 3, 5.
    const whiteness = await curve('snow', line, (_clean, out) => meanLuma(out));
    expect(whiteness[0]).toBeGreaterThan(meanLuma(line));
    expectIncreasing([whiteness[0]!, whiteness[2]!, whiteness[4]!]);
  });

  it('brightness raises the mean', async () => {
    const values = await curve('brightness', page, (_clean, out) => meanLuma(out));
    expectIncreasing(values);
    expect(values[0]).toBeGreaterThan(meanLuma(page));
  });

  it('contrast lowers the spread of values', async () => {
    const values = await curve('contrast', page, (_clean, out) => lumaStd(out));
    expectDecreasing(values);
    expect(values[0]).toBeLessThan(lumaStd(page));
  });

  it.each(['pixelate', 'jpeg_compression', 'spatter'] as const)('%s departs further from the image', async (name) => {
    expectIncreasing(await curve(name, page, residualStd));
  });

  it('saturate changes the saturation more (washed out at 1–2, oversaturated at 3–5)', async () => {
    expectIncreasing(await curve('saturate', tinted, saturationChange));
  });

  it('elastic_transform distorts strokes more locally at 3–5; 1–2 are its large smooth warps', async () => {
    const local = await curve('elastic_transform', line, (_clean, out) => highFrequencyEnergy(out));
    expectIncreasing(local.slice(2));
    const departure = await curve('elastic_transform', line, residualStd);
    expect(Math.min(departure[0]!, departure[1]!)).toBeGreaterThan(departure[2]!);
  });

  it('occlusion_patch covers its nominal share within ±2 %', async () => {
    for (const image of [page, line]) {
      const covered = await curve('occlusion_patch', image, changedShare);
      covered.forEach((c, i) => expect(Math.abs(c - [0.05, 0.1, 0.2, 0.3, 0.4][i]!), `severity ${i + 1}: ${c}`).toBeLessThanOrEqual(0.02));
      expectIncreasing(covered);
    }
  });

  it('occlusion_grid drops a growing share of the same grid, near its nominal share', async () => {
    for (const image of [page, line]) {
      for (let seed = 0; seed < 6; seed++) {
        const dropped: number[] = [];
        for (const severity of SEVERITIES) dropped.push(changedShare(image, await perturbImage(image, { name: 'occlusion_grid', severity, seed })));
        expectIncreasing(dropped);
        // The cell is a whole number of pixels, so the share can only come close to the nominal one.
        dropped.forEach((d, i) => expect(Math.abs(d - [0.05, 0.1, 0.2, 0.3, 0.4][i]!), `seed ${seed}, severity ${i + 1}: ${d}`).toBeLessThanOrEqual(0.035));
      }
    }
  });

  it('occlusion_branches covers more with denser foliage, a little above its target share', async () => {
    for (const image of [page, line]) {
      for (let seed = 0; seed < 4; seed++) {
        const covered: number[] = [];
        for (const severity of SEVERITIES) covered.push(changedShare(image, await perturbImage(image, { name: 'occlusion_branches', severity, seed })));
        expectIncreasing(covered);
        // Foliage is drawn until its opacity reaches the target; the anti-aliased fringe changes a few more pixels.
        covered.forEach((c, i) => {
          const target = [0.08, 0.15, 0.25, 0.35, 0.45][i]!;
          expect(c, `seed ${seed}, severity ${i + 1}`).toBeGreaterThanOrEqual(target);
          expect(c, `seed ${seed}, severity ${i + 1}`).toBeLessThanOrEqual(target + 0.1);
        });
      }
    }
  });
});
