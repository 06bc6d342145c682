/** The bundle's in-graph geometry against Parity's own (sharp) on real images and synthetic ones. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createJobContext } from '../../../main/engine/jobs/context.js';
import { checkImages } from '../../../main/engine/bundle/check-images.js';
import { measureResizeKernels, runGeometry } from '../../../main/engine/bundle/choose-resize.js';
import { RESIZE_KERNELS, kernelById } from '../../../main/engine/bundle/resize-kernels.js';
import { fitToInput, LETTERBOX_GREY, planFit } from '../../../main/engine/images/index.js';
import type { PreprocessSpec } from '../../../shared/preprocess.js';
import { RESIZE_KERNEL_IDS } from '../../../shared/contract/jobs/bundle.js';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';

const ctx = () => createJobContext('t', new AbortController().signal, () => {}, () => {});
const base: Omit<PreprocessSpec, 'resize' | 'width' | 'height'> = {
  colorOrder: 'RGB', layout: 'NCHW', scale: 255, mean: [0, 0, 0], std: [1, 1, 1], dtype: 'float32',
};
const samples = path.resolve('samples/orientation/images');

describe('bundle geometry', () => {
  it('offers every kernel the CLI and the contract name, in the same order', () => {
    expect(RESIZE_KERNELS.map((k) => k.id)).toEqual([...RESIZE_KERNEL_IDS]);
  });

  for (const resize of ['stretch', 'letterbox', 'crop'] as const) {
    it(`${resize}: sizes, padding and closeness to sharp`, async () => {
      const spec: PreprocessSpec = { ...base, resize, width: 96, height: 64 };
      const set = await checkImages(null, spec, 6, 3, new AbortController().signal);
      const ranked = await measureResizeKernels(spec, RESIZE_KERNELS, set.images, ctx());
      expect(ranked).toHaveLength(RESIZE_KERNELS.length);
      // Ranked by mean |Δ|; the antialiased linear kernel is libvips' own kind of filter.
      for (let k = 1; k < ranked.length; k++) expect(ranked[k]!.meanAbsDiff!).toBeGreaterThanOrEqual(ranked[k - 1]!.meanAbsDiff!);
      expect(ranked[0]!.kernel.id).toBe('linear-antialias');
      const dir = await mkdtemp(path.join(os.tmpdir(), 'geom-'));
      try {
        const fitted = await runGeometry(spec, kernelById('linear-antialias'), set.images, dir);
        for (const [i, image] of set.images.entries()) {
          expect(fitted[i]!.length).toBe(96 * 64 * 3);
          const plan = planFit(image.raw.width, image.raw.height, spec);
          if (image.raw.width === 96 && image.raw.height === 64) {
            expect(Array.from(fitted[i]!)).toEqual(Array.from(image.fitted.data));
          }
          // Letterbox padding is exactly the grey Parity pads with, where planFit puts it.
          if (plan.pad && plan.pad.top > 0) expect(Array.from(fitted[i]!.slice(0, 96 * 3)).every((v) => v === LETTERBOX_GREY)).toBe(true);
          if (plan.pad && plan.pad.left > 0) expect(Array.from(fitted[i]!.slice(0, 3)).every((v) => v === LETTERBOX_GREY)).toBe(true);
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  }
  it('letterbox anchored top-left with a pad per channel, and crop with a crop fraction, as Parity fits them', async () => {
    const specs: PreprocessSpec[] = [
      { ...base, resize: 'letterbox', width: 96, height: 64, anchor: 'top-left', pad: [0, 64, 200] },
      { ...base, resize: 'letterbox', width: 96, height: 64, pad: 0 },
      { ...base, resize: 'crop', width: 64, height: 64, cropFraction: 0.875 },
    ];
    for (const spec of specs) {
      const set = await checkImages(null, spec, 6, 3, new AbortController().signal);
      const dir = await mkdtemp(path.join(os.tmpdir(), 'geom-'));
      try {
        const fitted = await runGeometry(spec, kernelById('linear-antialias'), set.images, dir);
        let sum = 0;
        let count = 0;
        for (const [i, image] of set.images.entries()) {
          const ours = fitted[i]!;
          const parity = image.fitted.data;
          expect(ours.length).toBe(spec.width * spec.height * 3);
          ours.forEach((v, k) => (sum += Math.abs(v - parity[k]!)));
          count += ours.length;
          const plan = planFit(image.raw.width, image.raw.height, spec);
          if (spec.anchor === 'top-left') expect(plan.pad === null || (plan.pad.top === 0 && plan.pad.left === 0)).toBe(true);
          if (plan.pad && (plan.pad.right > 0 || plan.pad.bottom > 0)) {
            // The last pixel (bottom-right) is padding: exactly the spec's value in each channel.
            const last = Array.from(ours.slice(ours.length - 3));
            const pad = spec.pad ?? LETTERBOX_GREY;
            expect(last).toEqual(Array.isArray(pad) ? pad : [pad, pad, pad]);
            expect(Array.from(parity.slice(parity.length - 3))).toEqual(last);
          }
        }
        // The resize kernels differ by a fraction of a grey level on average; the geometry itself is Parity's.
        // Resize kernels differ by a few grey levels on these synthetic images (more when enlarging, as a crop
        // fraction does); the geometry itself is checked exactly below.
        expect(sum / count, JSON.stringify(spec)).toBeLessThan(10);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
  });

  it('crop fraction: an image already at the covered size (73² for 64 at 0.875) gives exactly Parity\'s centre window', async () => {
    const spec: PreprocessSpec = { ...base, resize: 'crop', width: 64, height: 64, cropFraction: 0.875 };
    const raw = { width: 73, height: 73, data: Uint8Array.from({ length: 73 * 73 * 3 }, (_, i) => (i * 37 + (i % 7) * 11) % 256) };
    const image = { label: 'exact-73', raw, fitted: await fitToInput(raw, spec) };
    expect(planFit(73, 73, spec)).toMatchObject({ resizeWidth: 73, resizeHeight: 73, crop: { left: 4, top: 4, width: 64, height: 64 } });
    const dir = await mkdtemp(path.join(os.tmpdir(), 'geom-'));
    try {
      const [fitted] = await runGeometry(spec, kernelById('linear-antialias'), [image], dir);
      expect(Array.from(fitted!)).toEqual(Array.from(image.fitted.data));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('real sample lines at the classifier size', async () => {
    const spec: PreprocessSpec = { ...base, resize: 'stretch', width: 192, height: 48 };
    const set = await checkImages(samples, spec, 8, 1, new AbortController().signal);
    const ranked = await measureResizeKernels(spec, RESIZE_KERNELS, set.images, ctx());
    // Text lines shrunk 320→192: ORT's antialiased linear Resize is within one grey level of sharp everywhere.
    expect(ranked[0]!.kernel.id).toBe('linear-antialias');
    expect(ranked[0]!.meanAbsDiff!).toBeLessThan(0.1);
    expect(ranked[0]!.maxAbsDiff!).toBeLessThanOrEqual(1);
    // Without antialias the shrink aliases: an order of magnitude further off.
    expect(ranked.find((c) => c.kernel.id === 'linear')!.meanAbsDiff!).toBeGreaterThan(10 * ranked[0]!.meanAbsDiff!);
  });
});
