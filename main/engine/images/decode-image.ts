/**
 * Decodes an image file once into 8-bit sRGB RGB: EXIF orientation applied, alpha flattened on white,
 * grayscale / palette / 16-bit / CMYK converted, first frame of animations. Untrusted input is checked first
 * from the header (a decompression bomb is refused before any pixel is decoded) and decoded with sharp's
 * `failOn: 'error'`, so truncated or corrupt data is refused instead of yielding grey garbage.
 */
import path from 'node:path';
import sharp, { type Metadata } from 'sharp';
import { ParityError } from '../../../shared/errors.js';
import type { RgbImage } from './rgb-image.js';

/** 100 megapixels: a 12000×8000 photo passes, a header claiming 100000×100000 does not. */
export const DEFAULT_LIMIT_INPUT_PIXELS = 100_000_000;

export interface DecodeOptions {
  /** Refuse images whose header claims more pixels than this (default DEFAULT_LIMIT_INPUT_PIXELS). */
  limitInputPixels?: number;
}

const WHITE = { r: 255, g: 255, b: 255 };

function describe(input: string | Buffer): string {
  return typeof input === 'string' ? path.basename(input) : 'The image';
}

/** sharp's messages name libvips internals; keep the useful part and drop the trailing noise. */
function sharpReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]?.replace(/\s+$/, '').slice(0, 200) || 'unknown decoder error';
}

function badImage(input: string | Buffer, problem: string, hint: string): ParityError {
  const details = typeof input === 'string' ? { path: input } : undefined;
  return new ParityError('BAD_IMAGE', `${describe(input)} ${problem}`, hint, details);
}

const REEXPORT_HINT = 'Re-save the image with an image editor, or remove it from the folder.';

/** Decodes a JPEG, PNG, WebP, TIFF, GIF or AVIF file (path or bytes) to an RgbImage; throws BAD_IMAGE otherwise. */
export async function decodeImage(input: string | Buffer, options: DecodeOptions = {}): Promise<RgbImage> {
  const limit = options.limitInputPixels ?? DEFAULT_LIMIT_INPUT_PIXELS;
  if (!Number.isFinite(limit) || limit < 1) {
    throw new ParityError('BAD_OPTION', `limitInputPixels must be a positive number, got ${limit}.`);
  }

  let metadata: Metadata;
  try {
    // Header only: no pixel is decoded here, so a bomb costs microseconds.
    metadata = await sharp(input, { limitInputPixels: false, failOn: 'error' }).metadata();
  } catch (error) {
    const reason = sharpReason(error);
    if (/missing|ENOENT|no such file/i.test(reason)) {
      throw badImage(input, 'does not exist or cannot be read.', 'Check the path.');
    }
    if (/unsupported image format/i.test(reason)) {
      throw badImage(input, 'is not an image in a supported format (JPEG, PNG, WebP, TIFF, GIF, AVIF).', REEXPORT_HINT);
    }
    throw badImage(input, `cannot be read: ${reason}.`, REEXPORT_HINT);
  }

  const { width, height } = metadata;
  if (!width || !height) throw badImage(input, 'has no readable dimensions in its header.', REEXPORT_HINT);
  if (width * height > limit) {
    const mp = (n: number): string => `${(n / 1e6).toFixed(n >= 1e7 ? 0 : 1)} MP`;
    throw badImage(
      input,
      `claims ${width}×${height} pixels (${mp(width * height)}), over the ${mp(limit)} limit.`,
      'Downscale the image, or raise the pixel limit if it is genuine.',
    );
  }

  try {
    const { data, info } = await sharp(input, { limitInputPixels: limit, failOn: 'error', autoOrient: true, pages: 1 })
      .flatten({ background: WHITE })
      .toColourspace('srgb')
      .removeAlpha()
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) {
      throw badImage(input, `decoded to ${info.channels} channels instead of 3.`, REEXPORT_HINT);
    }
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
  } catch (error) {
    if (error instanceof ParityError) throw error;
    throw badImage(input, `is truncated or corrupt: ${sharpReason(error)}.`, REEXPORT_HINT);
  }
}
