/**
 * Input kinds and training-time geometry: GRAY (BT.601 luma as Pillow computes it), int8 and uint8 pixels, a fixed
 * batch filled with the same image, letterbox anchor and pad, crop fraction — on images written by sharp.
 */
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFitted, decodeImage, fitToInput, planFit, resolvePreprocessSpec, toTensor } from '../../../main/engine/images/index.js';
import { luma } from '../../../main/engine/images/to-tensor.js';
import type { TensorSignature } from '../../../shared/model-info.js';
import { PreprocessSpecSchema } from '../../../shared/preprocess.js';
import { makeTempDir, pixel, resolveFailure, solidImage } from './fixtures.js';

let dir: string;
let cleanup: () => Promise<void>;
let photo: string;

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir('input-kinds'));
  // 300 × 200: left half red, right half blue, a green band at the top 20 rows.
  const data = Buffer.alloc(300 * 200 * 3);
  for (let y = 0; y < 200; y++) {
    for (let x = 0; x < 300; x++) {
      const i = (y * 300 + x) * 3;
      if (y < 20) data[i + 1] = 255;
      else if (x < 150) data[i] = 255;
      else data[i + 2] = 255;
    }
  }
  photo = path.join(dir, 'photo.png');
  await sharp(data, { raw: { width: 300, height: 200, channels: 3 } }).png().toFile(photo);
});
afterAll(() => cleanup());

const failure = resolveFailure;

describe('GRAY models', () => {
  it('reads one channel from [N,1,28,28] (NCHW) and from a TF-style [N,28,28,1] input_1:0 (NHWC)', () => {
    const nchw = resolvePreprocessSpec(null, { name: 'Input3', dtype: 'float32', shape: [1, 1, 28, 28] });
    expect(nchw).toMatchObject({ colorOrder: 'GRAY', layout: 'NCHW', width: 28, height: 28 });
    const nhwc = resolvePreprocessSpec({ mean: [0.1307], std: [0.3081] }, { name: 'input_1:0', dtype: 'float32', shape: ['N', 28, 28, 1] });
    expect(nhwc).toMatchObject({ colorOrder: 'GRAY', layout: 'NHWC', mean: [0.1307, 0.1307, 0.1307], std: [0.3081, 0.3081, 0.3081] });
  });

  it('luma is BT.601 rounded as Pillow rounds it (red 76, green 150, blue 29; grey keeps its value)', () => {
    expect([luma(255, 0, 0), luma(0, 255, 0), luma(0, 0, 255), luma(255, 255, 255)]).toEqual([76, 150, 29, 255]);
    for (let v = 0; v < 256; v++) expect(luma(v, v, v)).toBe(v);
  });

  it('feeds the luma of every pixel, normalised with the first mean and std, in both layouts', async () => {
    const image = await decodeFitted(photo, { resize: 'stretch', width: 30, height: 20 });
    for (const layout of ['NCHW', 'NHWC'] as const) {
      const spec = resolvePreprocessSpec({ colorOrder: 'GRAY', layout, mean: [0.5], std: [0.25] }, { name: 'x', dtype: 'float32', shape: [1, ...(layout === 'NCHW' ? [1, 20, 30] : [20, 30, 1])] });
      const tensor = toTensor(image, spec);
      expect(tensor.dims).toEqual(layout === 'NCHW' ? [1, 1, 20, 30] : [1, 20, 30, 1]);
      expect(tensor.data).toHaveLength(600);
      const [r, g, b] = pixel(image, 5, 10);
      expect(tensor.data[10 * 30 + 5]).toBeCloseTo((luma(r, g, b) / 255 - 0.5) / 0.25, 6);
    }
  });

  it('refuses RGB for a one-channel model and GRAY for a three-channel one, naming the channels', () => {
    expect(failure({ colorOrder: 'RGB' }, { name: 'x', dtype: 'float32', shape: [1, 1, 28, 28] }).message).toMatch(/colorOrder RGB .* has 1 channel/);
    expect(failure({ colorOrder: 'GRAY' }, { name: 'x', dtype: 'float32', shape: [1, 3, 28, 28] }).message).toMatch(/colorOrder GRAY .* has 3 channels/);
  });

  it('refuses a 4-channel input (M-LSD takes RGB + a constant channel) with the reason', () => {
    const error = failure(null, { name: 'input_image_with_alpha:0', dtype: 'float32', shape: [1, 320, 320, 4] });
    expect(error.code).toBe('UNSUPPORTED');
    expect(error.message).toMatch(/input_image_with_alpha:0 \[1, 320, 320, 4\]/);
    expect(error.hint).toMatch(/4-channel inputs/);
  });
});

describe('integer pixels and fixed batches', () => {
  it('int8 feeds pixel − 128, uint8 the pixel, both without scale/mean/std', () => {
    const image = solidImage(2, 2, [0, 128, 255]);
    const int8 = resolvePreprocessSpec(null, { name: 'x', dtype: 'int8', shape: [1, 2, 2, 3] });
    expect(int8).toMatchObject({ dtype: 'int8', layout: 'NHWC', scale: 1 });
    const t = toTensor(image, int8);
    expect(t.data).toBeInstanceOf(Int8Array);
    expect([...t.data.slice(0, 3)]).toEqual([-128, 0, 127]);
    const uint8 = toTensor(image, resolvePreprocessSpec(null, { name: 'x', dtype: 'uint8', shape: [1, 3, 2, 2] }));
    expect([...uint8.data.slice(0, 4)]).toEqual([0, 0, 0, 0]);
    expect([...uint8.data.slice(8, 12)]).toEqual([255, 255, 255, 255]);
    expect(failure({ mean: [0.5, 0.5, 0.5] }, { name: 'x', dtype: 'int8', shape: [1, 2, 2, 3] }).message).toMatch(/takes int8 pixels/);
  });

  it('a fixed batch of 4 gets the same image in every slot, and the spec says batch 4', () => {
    const spec = resolvePreprocessSpec(null, { name: 'input', dtype: 'float32', shape: [4, 3, 2, 2] });
    expect(spec.batch).toBe(4);
    const t = toTensor(solidImage(2, 2, [10, 20, 30]), spec);
    expect(t.dims).toEqual([4, 3, 2, 2]);
    const one = t.data.slice(0, 12);
    for (let b = 1; b < 4; b++) expect(t.data.slice(b * 12, (b + 1) * 12)).toEqual(one);
    expect(failure({ batch: 2 }, { name: 'input', dtype: 'float32', shape: [4, 3, 2, 2] }).message).toMatch(/batch 2 .* fixed at batch 4/);
  });
});

describe('geometry as models were trained', () => {
  it('letterbox anchored top-left pads right and below with the given per-channel value', async () => {
    const spec = resolvePreprocessSpec({ resize: 'letterbox', anchor: 'top-left', pad: [114, 0, 255] }, { name: 'x', dtype: 'float32', shape: [1, 3, 64, 64] });
    expect(planFit(300, 200, spec)).toMatchObject({ resizeWidth: 64, resizeHeight: 43, pad: { top: 0, left: 0, bottom: 21, right: 0 } });
    const fitted = await decodeFitted(photo, spec);
    expect(pixel(fitted, 0, 0)).toEqual([0, 255, 0]);
    expect(pixel(fitted, 63, 63)).toEqual([114, 0, 255]);
    expect(pixel(fitted, 10, 30)).toEqual([255, 0, 0]);
    // The one-pass decode and the two-step path agree.
    expect((await fitToInput(await decodeImage(photo), spec)).data).toEqual(fitted.data);
  });

  it('letterbox centred with one pad value for all channels (NudeNet-style black)', async () => {
    const spec = resolvePreprocessSpec({ resize: 'letterbox', pad: 0 }, { name: 'x', dtype: 'float32', shape: [1, 3, 64, 64] });
    const fitted = await decodeFitted(photo, spec);
    expect(planFit(300, 200, spec).pad).toEqual({ top: 10, bottom: 11, left: 0, right: 0 });
    expect(pixel(fitted, 32, 0)).toEqual([0, 0, 0]);
    expect(pixel(fitted, 32, 63)).toEqual([0, 0, 0]);
  });

  it('cropFraction 0.875 resizes the shorter side to 256 and centre-crops 224', async () => {
    const spec = resolvePreprocessSpec({ resize: 'crop', cropFraction: 0.875 }, { name: 'x', dtype: 'float32', shape: [1, 3, 224, 224] });
    expect(planFit(300, 200, spec)).toEqual({ resizeWidth: 384, resizeHeight: 256, pad: null, crop: { left: 80, top: 16, width: 224, height: 224 } });
    expect(planFit(200, 300, spec).crop).toEqual({ left: 16, top: 80, width: 224, height: 224 });
    const fitted = await decodeFitted(photo, spec);
    expect((await fitToInput(await decodeImage(photo), spec)).data).toEqual(fitted.data);
    // Without a crop fraction the green band (top 10% of the image) survives the crop; at 0.875 only its lower part.
    const plain = await decodeFitted(photo, { resize: 'crop', width: 224, height: 224 });
    const greenRows = (img: typeof fitted): number => Array.from({ length: 224 }, (_, y) => pixel(img, 112, y)).filter(([r, g, b]) => g > 200 && r < 50 && b < 50).length;
    expect(greenRows(plain)).toBeGreaterThan(greenRows(fitted));
  });

  it('refuses anchor or pad without letterbox and cropFraction without crop', () => {
    const input: TensorSignature = { name: 'x', dtype: 'float32', shape: [1, 3, 8, 8] };
    expect(failure({ anchor: 'top-left' }, input).message).toMatch(/"anchor" with "resize": "stretch"/);
    expect(failure({ resize: 'letterbox', cropFraction: 0.875 }, input).message).toMatch(/"cropFraction" with "resize": "letterbox"/);
    expect(failure({ resize: 'crop', cropFraction: 1.2 }, input).message).toMatch(/cropFraction/);
    expect(failure({ resize: 'letterbox', pad: 300 }, input).message).toMatch(/pad/);
  });

  it('specs written before these fields still parse and mean the same', () => {
    const old = { resize: 'letterbox', width: 64, height: 64, colorOrder: 'RGB', layout: 'NCHW', scale: 255, mean: [0, 0, 0], std: [1, 1, 1], dtype: 'float32' };
    const parsed = PreprocessSpecSchema.parse(old);
    expect(parsed).toEqual(old);
    expect(planFit(300, 200, parsed).pad).toEqual({ top: 10, bottom: 11, left: 0, right: 0 });
  });
});
