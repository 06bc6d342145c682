/**
 * Every catalog perturbation on real images: same (image, perturbation, severity, seed) → identical bytes; another
 * seed → different bytes for the random ones (and the same for the fixed functions); the image part of the key is
 * its pixels, not its name; size and channels preserved at any size; the input left untouched.
 */
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ParityError } from '../../../shared/errors.js';
import type { RgbImage } from '../../../main/engine/images/index.js';
import { MIN_PERTURB_SIDE, perturbImage, scaledParams } from '../../../main/engine/perturb/index.js';
import { PERTURBATION_NAMES, perturbationInfo, type PerturbationName } from '../../../shared/perturbations/index.js';
import { SAMPLE_LINE, SAMPLE_PAGE, fitted, line192 } from './fixtures.js';

const sha = (image: RgbImage): string => createHash('sha256').update(image.data).digest('hex');

let line: RgbImage;
let page: RgbImage;

beforeAll(async () => {
  [line, page] = await Promise.all([line192(), fitted(SAMPLE_PAGE, 120, 90)]);
});

describe.each(PERTURBATION_NAMES)('%s', (name: PerturbationName) => {
  const info = perturbationInfo(name);

  it('is repeatable for the same seed and follows the seed when random', async () => {
    const before = sha(line);
    const a = await perturbImage(line, { name, severity: 3, seed: 7 });
    const b = await perturbImage(line, { name, severity: 3, seed: 7 });
    const c = await perturbImage(line, { name, severity: 3, seed: 8 });
    expect(sha(a)).toBe(sha(b));
    expect(sha(a)).not.toBe(before);
    if (info.stochastic) expect(sha(c)).not.toBe(sha(a));
    else expect(sha(c)).toBe(sha(a));
    expect(sha(line)).toBe(before);
  });

  it('keeps the size and three channels at any size', async () => {
    for (const [w, h] of [[MIN_PERTURB_SIDE, MIN_PERTURB_SIDE], [13, 29], [301, 97], [120, 90]] as const) {
      const image = w === 120 ? page : await fitted(SAMPLE_LINE, w, h);
      for (const severity of [1, 5] as const) {
        const out = await perturbImage(image, { name, severity, seed: 1 });
        expect(out.width).toBe(w);
        expect(out.height).toBe(h);
        expect(out.data.length).toBe(w * h * 3);
      }
    }
  });
});

describe('perturbImage', () => {
  it('keys randomness by the pixels, not by where the image came from', async () => {
    const copy: RgbImage = { data: new Uint8Array(line.data), width: line.width, height: line.height };
    const a = await perturbImage(line, { name: 'gaussian_noise', severity: 2, seed: 0 });
    const b = await perturbImage(copy, { name: 'gaussian_noise', severity: 2, seed: 0 });
    expect(sha(a)).toBe(sha(b));
    copy.data[0] = copy.data[0]! ^ 1;
    const c = await perturbImage(copy, { name: 'gaussian_noise', severity: 2, seed: 0 });
    // One changed byte gives an unrelated noise field, not just one different pixel.
    let differing = 0;
    for (let i = 3; i < a.data.length; i++) if (a.data[i] !== c.data[i]) differing++;
    expect(differing).toBeGreaterThan(a.data.length / 2);
  });

  it('gives different severities different random draws', async () => {
    const a = await perturbImage(line, { name: 'impulse_noise', severity: 1, seed: 0 });
    const b = await perturbImage(line, { name: 'impulse_noise', severity: 2, seed: 0 });
    expect(sha(a)).not.toBe(sha(b));
  });

  it('refuses images smaller than the minimum with a reason', async () => {
    const tiny: RgbImage = { data: new Uint8Array(7 * 20 * 3), width: 7, height: 20 };
    const error = await perturbImage(tiny, { name: 'fog', severity: 1, seed: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParityError);
    expect((error as ParityError).code).toBe('BAD_IMAGE');
    expect((error as ParityError).message).toMatch(/7×20 pixels; perturbations need at least 8×8/);
  });

  it('scales pixel lengths with the image and leaves relative parameters alone', () => {
    expect(scaledParams('gaussian_blur', 5, 224, 224).sigma).toBe(6);
    expect(scaledParams('gaussian_blur', 5, 448, 448).sigma).toBeCloseTo(12, 10);
    expect(scaledParams('gaussian_blur', 5, 192, 48).sigma).toBeCloseTo(6 * Math.sqrt(192 * 48) / 224, 10);
    expect(scaledParams('pixelate', 2, 448, 448).factor).toBe(0.5);
    expect(scaledParams('zoom_blur', 1, 1000, 100)).toEqual({ first: 1, step: 0.01, count: 12 });
  });
});
