import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage, type RgbImage } from '../../../main/engine/images/index.js';
import { ParityError } from '../../../shared/errors.js';
import { knownImage4x2, makeTempDir, pixel, pngClaimingSize, rawSharp, solidImage } from './fixtures.js';

let dir: string;
let cleanup: () => Promise<void>;
const file = (name: string): string => path.join(dir, name);

/** 40×20: left half red, right half blue. */
function halves(): RgbImage {
  const img = solidImage(40, 20, [255, 0, 0]);
  for (let y = 0; y < 20; y++) for (let x = 20; x < 40; x++) img.data.set([0, 0, 255], (y * 40 + x) * 3);
  return img;
}

function near(actual: number[], expected: number[], tolerance: number): void {
  actual.forEach((v, i) => expect(Math.abs(v - (expected[i] as number))).toBeLessThanOrEqual(tolerance));
}

async function expectBadImage(input: string | Buffer, pattern: RegExp): Promise<ParityError> {
  const error = await decodeImage(input).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ParityError);
  const parity = error as ParityError;
  expect(parity.code).toBe('BAD_IMAGE');
  expect(parity.message).toMatch(pattern);
  expect(parity.hint).toBeTruthy();
  return parity;
}

beforeAll(async () => {
  ({ dir, cleanup } = await makeTempDir('decode'));
  const img = halves();
  await rawSharp(img).png().toFile(file('halves.png'));
  await rawSharp(img).jpeg({ quality: 95 }).toFile(file('halves.jpg'));
  await rawSharp(img).webp({ lossless: true }).toFile(file('halves.webp'));
  await rawSharp(img).tiff({ compression: 'lzw' }).toFile(file('halves.tiff'));
  await rawSharp(img).gif().toFile(file('halves.gif'));
  await rawSharp(img).avif({ quality: 90 }).toFile(file('halves.avif'));
  await rawSharp(knownImage4x2()).png().toFile(file('known.png'));
  await rawSharp(solidImage(1, 1, [12, 34, 56])).png().toFile(file('one.png'));
});

afterAll(() => cleanup());

describe('decodeImage formats', () => {
  it('decodes a PNG pixel-exactly (path and Buffer inputs)', async () => {
    const known = knownImage4x2();
    for (const input of [file('known.png'), await sharp(file('known.png')).toBuffer()]) {
      const out = await decodeImage(input);
      expect([out.width, out.height]).toEqual([4, 2]);
      expect(Array.from(out.data)).toEqual(Array.from(known.data));
    }
  });

  it.each([
    ['halves.png', 0],
    ['halves.webp', 0],
    ['halves.tiff', 0],
    ['halves.gif', 0],
    ['halves.jpg', 12],
    ['halves.avif', 24],
  ])('decodes %s to 40×20 RGB with red left and blue right', async (name, tolerance) => {
    const out = await decodeImage(file(name));
    expect([out.width, out.height, out.data.length]).toEqual([40, 20, 40 * 20 * 3]);
    near(pixel(out, 5, 10), [255, 0, 0], tolerance);
    near(pixel(out, 34, 10), [0, 0, 255], tolerance);
  });

  it('decodes a 1×1 image', async () => {
    const out = await decodeImage(file('one.png'));
    expect([out.width, out.height]).toEqual([1, 1]);
    expect(Array.from(out.data)).toEqual([12, 34, 56]);
  });

  it('applies EXIF orientation 6 (stored sideways, displayed turned 90° clockwise)', async () => {
    const jpeg = await rawSharp(halves()).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toBuffer();
    expect((await sharp(jpeg).metadata()).orientation).toBe(6);
    const out = await decodeImage(jpeg);
    expect([out.width, out.height]).toEqual([20, 40]);
    // The stored left (red) half ends up on top.
    near(pixel(out, 10, 5), [255, 0, 0], 12);
    near(pixel(out, 10, 34), [0, 0, 255], 12);
  });

  it('flattens transparency on white', async () => {
    // Pixel 0 fully transparent black, pixel 1 half-transparent black, pixel 2 opaque green.
    const rgba = Buffer.from([0, 0, 0, 0, 0, 0, 0, 128, 0, 255, 0, 255]);
    const png = await sharp(rgba, { raw: { width: 3, height: 1, channels: 4 } }).png().toBuffer();
    const out = await decodeImage(png);
    expect(pixel(out, 0, 0)).toEqual([255, 255, 255]);
    near(pixel(out, 1, 0), [127, 127, 127], 1);
    expect(pixel(out, 2, 0)).toEqual([0, 255, 0]);
  });

  it('converts 16-bit PNG to 8 bits', async () => {
    const png16 = await rawSharp(knownImage4x2()).toColourspace('rgb16').png().toBuffer();
    const meta = await sharp(png16).metadata();
    expect(meta.depth).toBe('ushort');
    const out = await decodeImage(png16);
    expect(Array.from(out.data)).toEqual(Array.from(knownImage4x2().data));
  });

  it('expands a palette PNG', async () => {
    const palette = await rawSharp(halves()).png({ palette: true, colours: 4, dither: 0 }).toBuffer();
    expect((await sharp(palette).metadata()).isPalette).toBe(true);
    const out = await decodeImage(palette);
    expect(pixel(out, 0, 0)).toEqual([255, 0, 0]);
    expect(pixel(out, 39, 19)).toEqual([0, 0, 255]);
  });

  it('expands grayscale (with and without alpha) to three equal channels', async () => {
    const gray = await sharp(Buffer.from([0, 100, 200, 255]), { raw: { width: 4, height: 1, channels: 1 } }).toColourspace('b-w').png().toBuffer();
    expect((await sharp(gray).metadata()).channels).toBe(1);
    expect(Array.from((await decodeImage(gray)).data)).toEqual([0, 0, 0, 100, 100, 100, 200, 200, 200, 255, 255, 255]);

    const grayAlpha = await sharp(Buffer.from([0, 0, 0, 255]), { raw: { width: 2, height: 1, channels: 2 } }).toColourspace('b-w').png().toBuffer();
    expect((await sharp(grayAlpha).metadata()).channels).toBe(2);
    expect(Array.from((await decodeImage(grayAlpha)).data)).toEqual([255, 255, 255, 0, 0, 0]);
  });

  it('converts a CMYK JPEG to sRGB', async () => {
    const cmyk = await rawSharp(halves()).toColourspace('cmyk').jpeg({ quality: 95 }).toBuffer();
    const meta = await sharp(cmyk).metadata();
    expect([meta.space, meta.channels]).toEqual(['cmyk', 4]);
    const out = await decodeImage(cmyk);
    expect(out.data.length).toBe(40 * 20 * 3);
    const [r, g, b] = pixel(out, 5, 10);
    expect(r).toBeGreaterThan(180);
    expect(Math.max(g, b)).toBeLessThan(80);
    // Pure sRGB blue lies outside the CMYK gamut and comes back darker, but still clearly blue.
    const [r2, g2, b2] = pixel(out, 34, 10);
    expect(b2).toBeGreaterThan(Math.max(r2, g2) + 50);
  });

  it('takes the first frame of an animated GIF', async () => {
    // Two 8×4 frames stacked: red then blue.
    const frames = solidImage(8, 8, [255, 0, 0]);
    for (let i = 32; i < 64; i++) frames.data.set([0, 0, 255], i * 3);
    const gif = await sharp(frames.data, { raw: { width: 8, height: 8, channels: 3, pageHeight: 4 } })
      .gif({ delay: [100, 100] })
      .toBuffer();
    expect((await sharp(gif).metadata()).pages).toBe(2);
    const out = await decodeImage(gif);
    expect([out.width, out.height]).toEqual([8, 4]);
    expect(new Set(Array.from({ length: 32 }, (_, i) => pixel(out, i % 8, Math.floor(i / 8)).join(',')))).toEqual(new Set(['255,0,0']));
  });
});

describe('decodeImage refuses bad input with BAD_IMAGE', () => {
  it('a zero-byte file', async () => {
    await writeFile(file('empty.png'), Buffer.alloc(0));
    await expectBadImage(file('empty.png'), /empty\.png/);
  });

  it('a truncated JPEG', async () => {
    const noisy = await sharp({ create: { width: 256, height: 256, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
      .jpeg()
      .toBuffer();
    await writeFile(file('truncated.jpg'), noisy.subarray(0, Math.floor(noisy.length / 2)));
    await expectBadImage(file('truncated.jpg'), /truncated\.jpg is truncated or corrupt/);
  });

  it('random bytes and a text file', async () => {
    const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 2654435761) >>> 24));
    await writeFile(file('random.jpg'), random);
    await expectBadImage(file('random.jpg'), /not an image in a supported format/);
    await writeFile(file('notes.png'), 'just some text, not pixels\n');
    await expectBadImage(file('notes.png'), /notes\.png/);
  });

  it('a missing file', async () => {
    await expectBadImage(file('nope.png'), /does not exist/);
  });

  it('a header claiming 100000×100000 pixels, from the header alone', { timeout: 1000 }, async () => {
    const bomb = pngClaimingSize(100_000, 100_000);
    expect(bomb.length).toBeLessThan(100);
    const error = await expectBadImage(bomb, /100000×100000 pixels \(10000 MP\), over the 100 MP limit/);
    expect(error.hint).toMatch(/Downscale/);
  });

  it('an image over a custom pixel limit', async () => {
    await expect(decodeImage(file('halves.png'), { limitInputPixels: 799 })).rejects.toMatchObject({ code: 'BAD_IMAGE' });
    await expect(decodeImage(file('halves.png'), { limitInputPixels: 800 })).resolves.toMatchObject({ width: 40 });
  });
});
