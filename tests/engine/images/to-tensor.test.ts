import { describe, expect, it } from 'vitest';
import { preprocessImage, toTensor, type RgbImage } from '../../../main/engine/images/index.js';
import type { PreprocessSpec } from '../../../shared/preprocess.js';
import { knownImage4x2 } from './fixtures.js';

/** Two pixels: (0, 128, 255) and (10, 20, 30). */
const TWO: RgbImage = { data: Uint8Array.from([0, 128, 255, 10, 20, 30]), width: 2, height: 1 };

const PADDLE: PreprocessSpec = {
  resize: 'stretch',
  width: 2,
  height: 1,
  colorOrder: 'RGB',
  layout: 'NCHW',
  scale: 255,
  mean: [0.5, 0.5, 0.5],
  std: [0.5, 0.5, 0.5],
  dtype: 'float32',
};

function close(actual: ArrayLike<number>, expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((v, i) => expect(actual[i]).toBeCloseTo(v, 6));
}

describe('toTensor normalisation', () => {
  it('RGB NCHW, scale 255, mean 0.5, std 0.5: planes R, G, B', () => {
    const t = toTensor(TWO, PADDLE);
    expect(t.data).toBeInstanceOf(Float32Array);
    expect(t.dims).toEqual([1, 3, 1, 2]);
    // (p/255 − 0.5)/0.5 = 2p/255 − 1
    close(t.data, [-1, -0.9215686, 0.0039216, -0.8431373, 1, -0.7647059]);
  });

  it('BGR NCHW puts the blue plane first', () => {
    const t = toTensor(TWO, { ...PADDLE, colorOrder: 'BGR' });
    close(t.data, [1, -0.7647059, 0.0039216, -0.8431373, -1, -0.9215686]);
  });

  it('RGB NHWC interleaves channels per pixel', () => {
    const t = toTensor(TWO, { ...PADDLE, layout: 'NHWC' });
    expect(t.dims).toEqual([1, 1, 2, 3]);
    close(t.data, [-1, 0.0039216, 1, -0.9215686, -0.8431373, -0.7647059]);
  });

  it('BGR NHWC reverses each pixel', () => {
    const t = toTensor(TWO, { ...PADDLE, layout: 'NHWC', colorOrder: 'BGR' });
    close(t.data, [1, 0.0039216, -1, -0.7647059, -0.8431373, -0.9215686]);
  });

  it('scale 1 with per-channel mean and std (mean/std listed in the tensor channel order)', () => {
    const spec = { ...PADDLE, scale: 1 as const, mean: [100, 50, 10] as [number, number, number], std: [10, 2, 5] as [number, number, number] };
    // R: (0−100)/10, (10−100)/10; G: (128−50)/2, (20−50)/2; B: (255−10)/5, (30−10)/5
    close(toTensor(TWO, spec).data, [-10, -9, 39, -15, 49, 4]);
    // BGR: channel 0 is blue but still uses mean[0]/std[0].
    close(toTensor(TWO, { ...spec, colorOrder: 'BGR' }).data, [15.5, -7, 39, -15, -2, 0]);
  });

  it('scale 255 with ImageNet statistics', () => {
    const spec = { ...PADDLE, mean: [0.485, 0.456, 0.406] as [number, number, number], std: [0.229, 0.224, 0.225] as [number, number, number] };
    const t = toTensor(TWO, spec);
    close(t.data, [
      (0 / 255 - 0.485) / 0.229,
      (10 / 255 - 0.485) / 0.229,
      (128 / 255 - 0.456) / 0.224,
      (20 / 255 - 0.456) / 0.224,
      (255 / 255 - 0.406) / 0.225,
      (30 / 255 - 0.406) / 0.225,
    ]);
  });

  it('uint8 keeps raw bytes, reordered for BGR and NCHW', () => {
    const uint8 = { ...PADDLE, scale: 1 as const, mean: [0, 0, 0] as [number, number, number], std: [1, 1, 1] as [number, number, number], dtype: 'uint8' as const };
    const nhwc = toTensor(TWO, { ...uint8, layout: 'NHWC' });
    expect(nhwc.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(nhwc.data)).toEqual([0, 128, 255, 10, 20, 30]);
    expect(Array.from(toTensor(TWO, { ...uint8, layout: 'NHWC', colorOrder: 'BGR' }).data)).toEqual([255, 128, 0, 30, 20, 10]);
    expect(Array.from(toTensor(TWO, uint8).data)).toEqual([0, 10, 128, 20, 255, 30]);
    expect(Array.from(toTensor(TWO, { ...uint8, colorOrder: 'BGR' }).data)).toEqual([255, 30, 128, 20, 0, 10]);
  });

  it('lays out a 4×2 image row by row within each plane', () => {
    const img = knownImage4x2();
    const spec = { ...PADDLE, width: 4, height: 2, scale: 1 as const, mean: [0, 0, 0] as [number, number, number], std: [1, 1, 1] as [number, number, number] };
    const t = toTensor(img, spec);
    expect(t.dims).toEqual([1, 3, 2, 4]);
    const plane = (c: number): number[] => Array.from(t.data.subarray(c * 8, c * 8 + 8));
    expect(plane(0)).toEqual([10, 40, 70, 100, 130, 160, 190, 220]);
    expect(plane(1)).toEqual([20, 50, 80, 110, 140, 170, 200, 230]);
    expect(plane(2)).toEqual([30, 60, 90, 120, 150, 180, 210, 240]);
  });

  it('fills a reused output buffer, and refuses one of the wrong type or length', () => {
    const into = new Float32Array(6);
    const t = toTensor(TWO, PADDLE, into);
    expect(t.data).toBe(into);
    close(into, [-1, -0.9215686, 0.0039216, -0.8431373, 1, -0.7647059]);
    expect(() => toTensor(TWO, PADDLE, new Float32Array(5))).toThrow(/6 values/);
    expect(() => toTensor(TWO, PADDLE, new Uint8Array(6))).toThrow(/float32/);
  });

  it('refuses an image that was not fitted to the spec size', () => {
    expect(() => toTensor(TWO, { ...PADDLE, width: 4 })).toThrow(/fitToInput/);
  });

  it('preprocessImage = fitToInput then toTensor', async () => {
    const img = knownImage4x2();
    const spec = { ...PADDLE, resize: 'letterbox' as const, width: 4, height: 4, scale: 1 as const, mean: [0, 0, 0] as [number, number, number], std: [1, 1, 1] as [number, number, number] };
    const t = await preprocessImage(img, spec);
    expect(t.dims).toEqual([1, 3, 4, 4]);
    // Red plane: grey row, the two source rows, grey row.
    expect(Array.from(t.data.subarray(0, 16))).toEqual([114, 114, 114, 114, 10, 40, 70, 100, 130, 160, 190, 220, 114, 114, 114, 114]);
  });
});
