import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeFitted, decodeImage, fitToInput } from '../../../main/engine/images/index.js';
import type { PreprocessSpec } from '../../../shared/preprocess.js';
import { SAMPLE } from '../../helpers/cli.js';

type Geometry = Pick<PreprocessSpec, 'resize' | 'width' | 'height'>;

async function gradientPng(width: number, height: number): Promise<Buffer> {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      data[i] = (x * 7 + y * 3) & 255;
      data[i + 1] = (x * x + y) & 255;
      data[i + 2] = (y * 11) & 255;
    }
  }
  return sharp(data, { raw: { width, height, channels: 3 } }).png().toBuffer();
}

describe('decodeFitted (one pipeline) gives the pixels of fitToInput(decodeImage()) (two steps)', () => {
  const geometries: Geometry[] = [
    { resize: 'stretch', width: 192, height: 48 },
    { resize: 'letterbox', width: 192, height: 48 },
    { resize: 'crop', width: 192, height: 48 },
    { resize: 'stretch', width: 640, height: 160 },
    { resize: 'letterbox', width: 100, height: 100 },
    { resize: 'crop', width: 64, height: 64 },
  ];
  for (const [w, h] of [
    [320, 48],
    [97, 61],
    [800, 600],
  ] as const) {
    for (const g of geometries) {
      it(`${w}×${h} → ${g.resize} ${g.width}×${g.height}`, async () => {
        const png = await gradientPng(w, h);
        const one = await decodeFitted(png, g);
        const two = await fitToInput(await decodeImage(png), g);
        expect([one.width, one.height]).toEqual([g.width, g.height]);
        expect(Buffer.from(one.data).equals(Buffer.from(two.data))).toBe(true);
      });
    }
  }

  it('on a demo text line', async () => {
    const file = path.join(SAMPLE.images, '180', 'line-007.png');
    const g: Geometry = { resize: 'stretch', width: 192, height: 48 };
    const one = await decodeFitted(file, g);
    const two = await fitToInput(await decodeImage(file), g);
    expect(Buffer.from(one.data).equals(Buffer.from(two.data))).toBe(true);
  });
});

describe('the pixel limit', () => {
  it('is configurable with PARITY_MAX_IMAGE_PIXELS and refuses larger images from their header', async () => {
    const file = path.join(SAMPLE.images, '0', 'line-001.png');
    const before = process.env.PARITY_MAX_IMAGE_PIXELS;
    process.env.PARITY_MAX_IMAGE_PIXELS = '10000';
    try {
      await expect(decodeImage(file)).rejects.toThrow(/320×48 pixels .* over the .* limit/);
      await expect(decodeFitted(file, { resize: 'letterbox', width: 192, height: 48 })).rejects.toThrow(/over the/);
      await expect(decodeFitted(file, { resize: 'stretch', width: 192, height: 48 })).rejects.toThrow(/over the/);
    } finally {
      if (before === undefined) delete process.env.PARITY_MAX_IMAGE_PIXELS;
      else process.env.PARITY_MAX_IMAGE_PIXELS = before;
    }
    expect((await decodeImage(file)).width).toBe(320);
  });
});
