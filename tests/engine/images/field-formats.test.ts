/**
 * Image files from the field, made by ImageMagick 6 and Pillow (tools/fixtures/make-image-fixtures.sh, from a crop of
 * a real photo): BMP at every bit depth, RLE, bitfields, top-down rows, 32-bit with and without alpha; an EXIF-rotated
 * phone JPEG; grayscale and CMYK JPEG; 16-bit PNG and TIFF; palette PNG. Each decodes once to what ImageMagick
 * itself decodes (`<file>.ref.png`): exactly for lossless files, within JPEG decoder differences otherwise.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeFitted, decodeImage, listImages, sniffImageFormat } from '../../../main/engine/images/index.js';
import { ParityError } from '../../../shared/errors.js';
import { makeTempDir } from './fixtures.js';
import { writeFile, copyFile } from 'node:fs/promises';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/images');
const fixture = (name: string): string => path.join(FIXTURES, name);

async function reference(name: string): Promise<Uint8Array> {
  const { data, info } = await sharp(fixture(`${name}.ref.png`)).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  expect(info.channels).toBe(3);
  return data;
}

function maxDiff(a: Uint8Array, b: Uint8Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Largest channel difference to ImageMagick's decode allowed per file (0 = bit-exact). */
const CASES: Array<[string, number, string]> = [
  ['bmp-1bit.bmp', 0, '1-bit palette'],
  ['bmp-4bit.bmp', 0, '4-bit palette, odd width'],
  ['bmp-8bit.bmp', 0, '8-bit palette'],
  ['bmp-8bit-rle.bmp', 0, '8-bit RLE'],
  ['bmp-16bit-565.bmp', 1, '16-bit RGB565 bitfields (5/6 → 8-bit scaling rounds differently by one)'],
  ['bmp-24bit.bmp', 0, '24-bit'],
  ['bmp-24bit-topdown.bmp', 0, '24-bit, top-down rows (negative height)'],
  ['bmp-32bit-alpha.bmp', 0, '32-bit with alpha (V5 bitfields), flattened on white'],
  ['png-16bit.png', 0, '16-bit RGB PNG'],
  ['png-gray-16bit.png', 1, '16-bit grayscale PNG (16 → 8 bits: libvips shifts, ImageMagick rounds)'],
  ['png-palette.png', 0, 'palette PNG'],
  ['tiff-16bit.tif', 0, '16-bit LZW TIFF'],
  ['jpeg-gray.jpg', 1, 'grayscale JPEG'],
  ['jpeg-exif-orientation-6.jpg', 1, 'phone JPEG stored sideways with EXIF orientation 6'],
];

describe('image files from the field decode like ImageMagick decodes them', () => {
  for (const [name, tolerance, what] of CASES) {
    it(`${name}: ${what}`, async () => {
      const decoded = await decodeImage(fixture(name));
      expect([decoded.width, decoded.height]).toEqual([23, 17]);
      expect(maxDiff(decoded.data, await reference(name))).toBeLessThanOrEqual(tolerance);
    });
  }

  // This file has no ICC profile: libvips assumes a print (SWOP-like) CMYK profile, ImageMagick inverts naively, so the
  // colours shift by ~13 levels on average; an inverted or swapped channel would be off by ~100.
  it('jpeg-cmyk.jpg: CMYK JPEG becomes the same picture (libvips through a CMYK profile, ImageMagick naively)', async () => {
    const decoded = await decodeImage(fixture('jpeg-cmyk.jpg'));
    const ref = await reference('jpeg-cmyk.jpg');
    let sum = 0;
    for (let i = 0; i < ref.length; i++) sum += Math.abs(decoded.data[i]! - ref[i]!);
    expect(sum / ref.length).toBeLessThan(20);
    expect(maxDiff(decoded.data, ref)).toBeLessThan(60);
  });

  it('a 32-bit BI_RGB BMP whose fourth byte is 0 is opaque (padding, as Windows and Pillow read it), not transparent', async () => {
    const decoded = await decodeImage(fixture('bmp-32bit-bgrx.bmp'));
    expect(maxDiff(decoded.data, await reference('bmp-24bit.bmp'))).toBe(0);
  });

  it('BMP goes through the one-pass fitted decode too, for every resize mode', async () => {
    const whole = await decodeImage(fixture('bmp-8bit.bmp'));
    const png = await makeTempDir('bmp-fit');
    try {
      const asPng = path.join(png.dir, 'same.png');
      await sharp(whole.data, { raw: { width: 23, height: 17, channels: 3 } }).png().toFile(asPng);
      for (const resize of ['stretch', 'letterbox', 'crop'] as const) {
        const spec = { resize, width: 16, height: 16 };
        expect((await decodeFitted(fixture('bmp-8bit.bmp'), spec)).data).toEqual((await decodeFitted(asPng, spec)).data);
      }
    } finally {
      await png.cleanup();
    }
  });

  it('folders list BMP files as images; broken or hostile BMPs are refused with BAD_IMAGE', async () => {
    expect(sniffImageFormat(readFileSync(fixture('bmp-4bit.bmp')).subarray(0, 32))).toEqual({ kind: 'image', format: 'bmp' });
    const tmp = await makeTempDir('bmp-bad');
    try {
      const bytes = readFileSync(fixture('bmp-24bit.bmp'));
      await copyFile(fixture('bmp-24bit.bmp'), path.join(tmp.dir, 'good.bmp'));
      await writeFile(path.join(tmp.dir, 'truncated.bmp'), bytes.subarray(0, 200));
      const bomb = Buffer.from(bytes);
      bomb.writeInt32LE(100_000, 18);
      bomb.writeInt32LE(100_000, 22);
      await writeFile(path.join(tmp.dir, 'bomb.bmp'), bomb);
      const listing = await listImages(tmp.dir, { withLabels: false });
      expect(listing.entries.map((e) => e.relPath).sort()).toEqual(['bomb.bmp', 'good.bmp', 'truncated.bmp']);
      const truncated = await decodeImage(path.join(tmp.dir, 'truncated.bmp')).catch((e: unknown) => e);
      expect(truncated).toBeInstanceOf(ParityError);
      expect((truncated as ParityError).code).toBe('BAD_IMAGE');
      expect((truncated as ParityError).message).toMatch(/truncated\.bmp is a truncated or corrupt BMP/);
      const refused = await decodeImage(path.join(tmp.dir, 'bomb.bmp')).catch((e: unknown) => e);
      expect((refused as ParityError).message).toMatch(/claims 100000×100000 pixels/);
    } finally {
      await tmp.cleanup();
    }
  });
});
