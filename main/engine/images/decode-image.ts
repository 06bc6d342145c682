/**
 * Decodes an image file once into 8-bit sRGB RGB: EXIF orientation applied, alpha flattened on white,
 * grayscale / palette / 16-bit / CMYK converted, first frame of animations. BMP, which sharp cannot read, is decoded
 * by decode-bmp.ts into raw pixels that then go through the same sharp pipeline. Untrusted input is checked first
 * from the header (a decompression bomb is refused before any pixel is decoded) and decoded with sharp's
 * `failOn: 'error'`, so truncated or corrupt data is refused instead of yielding grey garbage.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp, { type Metadata, type Sharp } from 'sharp';
import { ParityError } from '../../../shared/errors.js';
import type { RgbImage } from './rgb-image.js';
import { planFit, type Geometry } from './fit-geometry.js';
import { fitToInput, RESIZE_KERNEL } from './fit-to-input.js';
import { bmpSize, decodeBmpPixels, type RawPixels } from './decode-bmp.js';
import { isBmp } from './sniff-format.js';
import { SUPPORTED_IMAGE_FORMATS } from '../../../shared/image-formats.js';

/** 100 megapixels: a 12000×8000 photo passes, a header claiming 100000×100000 does not. */
export const DEFAULT_LIMIT_INPUT_PIXELS = 100_000_000;

/** The pixel limit in force: PARITY_MAX_IMAGE_PIXELS when set to a positive number, else the default. */
export function configuredPixelLimit(): number {
  const fromEnv = Number(process.env.PARITY_MAX_IMAGE_PIXELS);
  return Number.isFinite(fromEnv) && fromEnv >= 1 ? fromEnv : DEFAULT_LIMIT_INPUT_PIXELS;
}

export interface DecodeOptions {
  /** Refuse images whose header claims more pixels than this (default: configuredPixelLimit()). */
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

interface CheckedSource {
  /** The file's bytes, read once (sharp would otherwise read the file twice: header, then pixels). */
  bytes: Buffer;
  /** A BMP's pixels, decoded once by decode-bmp.ts (sharp reads every other format from `bytes`). */
  raw: RawPixels | null;
  /** Size after EXIF orientation is applied. */
  width: number;
  height: number;
  limit: number;
}

async function readSource(input: string | Buffer): Promise<Buffer> {
  if (typeof input !== 'string') return input;
  try {
    return await readFile(input);
  } catch {
    throw badImage(input, 'does not exist or cannot be read.', 'Check the path.');
  }
}

/** Reads the header only: refuses unsupported formats and decompression bombs before any pixel is decoded. */
async function checkSource(input: string | Buffer, options: DecodeOptions): Promise<CheckedSource> {
  const limit = options.limitInputPixels ?? configuredPixelLimit();
  if (!Number.isFinite(limit) || limit < 1) {
    throw new ParityError('BAD_OPTION', `limitInputPixels must be a positive number, got ${limit}.`);
  }
  const bytes = await readSource(input);
  if (isBmp(bytes)) return checkBmp(input, bytes, limit);
  let metadata: Metadata;
  try {
    // Header only: no pixel is decoded here, so a bomb costs microseconds.
    metadata = await sharp(bytes, { limitInputPixels: false, failOn: 'error' }).metadata();
  } catch (error) {
    const reason = sharpReason(error);
    if (/unsupported image format/i.test(reason)) {
      throw badImage(input, `is not an image in a supported format (${SUPPORTED_IMAGE_FORMATS}).`, REEXPORT_HINT);
    }
    throw badImage(input, `cannot be read: ${reason}.`, REEXPORT_HINT);
  }

  const { width, height } = metadata;
  if (!width || !height) throw badImage(input, 'has no readable dimensions in its header.', REEXPORT_HINT);
  assertWithinLimit(input, width, height, limit);
  const swapped = (metadata.orientation ?? 1) >= 5;
  return { bytes, raw: null, width: swapped ? height : width, height: swapped ? width : height, limit };
}

function assertWithinLimit(input: string | Buffer, width: number, height: number, limit: number): void {
  if (width * height > limit) {
    const mp = (n: number): string => `${(n / 1e6).toFixed(n >= 1e7 ? 0 : 1)} MP`;
    throw badImage(
      input,
      `claims ${width}×${height} pixels (${mp(width * height)}), over the ${mp(limit)} limit.`,
      'Downscale the image, or raise the limit with PARITY_MAX_IMAGE_PIXELS if it is genuine.',
    );
  }
}

/** BMP: size from the header, then the one decode (sharp cannot read BMP). */
async function checkBmp(input: string | Buffer, bytes: Buffer, limit: number): Promise<CheckedSource> {
  const size = bmpSize(bytes);
  if (size === null) throw badImage(input, 'has no readable dimensions in its BMP header.', REEXPORT_HINT);
  assertWithinLimit(input, size.width, size.height, limit);
  try {
    const raw = await decodeBmpPixels(bytes);
    return { bytes, raw, width: raw.width, height: raw.height, limit };
  } catch (error) {
    throw badImage(input, `is a truncated or corrupt BMP: ${sharpReason(error)}.`, REEXPORT_HINT);
  }
}

/** The decode pipeline every path shares: oriented, first page, alpha on white, 8-bit sRGB RGB. */
function decodePipeline(source: CheckedSource): Sharp {
  const from = source.raw
    ? sharp(source.raw.data, { raw: { width: source.raw.width, height: source.raw.height, channels: source.raw.channels }, limitInputPixels: source.limit })
    : sharp(source.bytes, { limitInputPixels: source.limit, failOn: 'error', autoOrient: true, pages: 1 });
  return from
    .flatten({ background: WHITE })
    .toColourspace('srgb')
    .removeAlpha();
}

async function finish(input: string | Buffer, pipeline: Sharp): Promise<RgbImage> {
  try {
    const { data, info } = await pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) {
      throw badImage(input, `decoded to ${info.channels} channels instead of 3.`, REEXPORT_HINT);
    }
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
  } catch (error) {
    if (error instanceof ParityError) throw error;
    throw badImage(input, `is truncated or corrupt: ${sharpReason(error)}.`, REEXPORT_HINT);
  }
}

/** Decodes a JPEG, PNG, WebP, TIFF, GIF, AVIF or BMP file (path or bytes) to an RgbImage; throws BAD_IMAGE otherwise. */
export async function decodeImage(input: string | Buffer, options: DecodeOptions = {}): Promise<RgbImage> {
  return finish(input, decodePipeline(await checkSource(input, options)));
}

/**
 * Stretch needs no source size, so the header is not read separately: libvips still refuses a bomb from its header
 * (limitInputPixels), and only on failure is the header read again to say precisely what is wrong.
 */
async function decodeStretched(input: string | Buffer, spec: Geometry, options: DecodeOptions): Promise<RgbImage> {
  const limit = options.limitInputPixels ?? configuredPixelLimit();
  const bytes = await readSource(input);
  if (isBmp(bytes)) return fitToInput(await finish(input, decodePipeline(await checkSource(bytes, options).catch(renamed(input)))), spec);
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: limit, failOn: 'error', autoOrient: true, pages: 1 })
      .flatten({ background: WHITE })
      .toColourspace('srgb')
      .removeAlpha()
      .resize(spec.width, spec.height, { fit: 'fill', kernel: RESIZE_KERNEL, fastShrinkOnLoad: false })
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels === 3) return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
  } catch {
    // Fall through: find out what is wrong and say it.
  }
  const source = await checkSource(bytes, options).catch(renamed(input));
  return fitToInput(await finish(input, decodePipeline(source)), spec);
}

/** Errors about bytes read from a file name that file. */
function renamed(input: string | Buffer): (error: unknown) => never {
  return (error: unknown) => {
    throw error instanceof ParityError && typeof input === 'string' ? rename(error, input) : error;
  };
}

function rename(error: ParityError, file: string): ParityError {
  return new ParityError(error.code, error.message.replace(/^The image/, path.basename(file)), error.hint, { path: file });
}

/**
 * Decodes and fits to the model's input size in one sharp pipeline: the same pixels as
 * fitToInput(decodeImage(…)) for lossless formats (tested), in one pass instead of two. JPEG shrink-on-load is
 * off so that large JPEGs are resampled exactly like the two-step path.
 */
export async function decodeFitted(input: string | Buffer, spec: Geometry, options: DecodeOptions = {}): Promise<RgbImage> {
  if (spec.resize === 'stretch') return decodeStretched(input, spec, options);
  const source = await checkSource(input, options);
  if (source.width === spec.width && source.height === spec.height) return finish(input, decodePipeline(source));
  const plan = planFit(source.width, source.height, spec);
  // Materialised in two steps only when padding or cropping follows, as sharp applies extend/extract around resize.
  let pipeline = decodePipeline(source);
  if (plan.resizeWidth !== source.width || plan.resizeHeight !== source.height) {
    pipeline = pipeline.resize(plan.resizeWidth, plan.resizeHeight, { fit: 'fill', kernel: RESIZE_KERNEL, fastShrinkOnLoad: false });
  }
  if (plan.pad) {
    const resized = await finish(input, pipeline);
    return fitToInput(resized, spec);
  }
  if (plan.crop) pipeline = pipeline.extract(plan.crop);
  return finish(input, pipeline);
}

/** An image file's size as shown upright (EXIF orientation applied), from its header only; BAD_IMAGE when unreadable. */
export async function imageSize(file: string): Promise<{ width: number; height: number }> {
  const bytes = await readSource(file);
  if (isBmp(bytes)) {
    const size = bmpSize(bytes);
    if (size === null) throw badImage(file, 'has no readable dimensions in its BMP header.', REEXPORT_HINT);
    return size;
  }
  try {
    const meta = await sharp(bytes, { limitInputPixels: false }).metadata();
    return { width: meta.autoOrient?.width ?? meta.width ?? 0, height: meta.autoOrient?.height ?? meta.height ?? 0 };
  } catch (error) {
    throw badImage(file, `cannot be read: ${sharpReason(error)}.`, REEXPORT_HINT);
  }
}
