/** Real image files for the image tests, written with sharp into a temporary folder. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { expect } from 'vitest';
import { resolvePreprocessSpec, type RgbImage } from '../../../main/engine/images/index.js';
import { ParityError } from '../../../shared/errors.js';
import type { TensorSignature } from '../../../shared/model-info.js';
import type { PartialPreprocessSpecInput } from '../../../shared/preprocess.js';

/** A 4×2 image whose every byte is distinct: pixel (x, y) = (10 + 30k, 20 + 30k, 30 + 30k) with k = 4y + x. */
export function knownImage4x2(): RgbImage {
  const data = new Uint8Array(4 * 2 * 3);
  for (let k = 0; k < 8; k++) {
    data[k * 3] = 10 + 30 * k;
    data[k * 3 + 1] = 20 + 30 * k;
    data[k * 3 + 2] = 30 + 30 * k;
  }
  return { data, width: 4, height: 2 };
}

export function pixel(image: RgbImage, x: number, y: number): [number, number, number] {
  const i = (y * image.width + x) * 3;
  return [image.data[i] as number, image.data[i + 1] as number, image.data[i + 2] as number];
}

export function solidImage(width: number, height: number, rgb: [number, number, number]): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) data.set(rgb, i * 3);
  return { data, width, height };
}

export function rawSharp(image: RgbImage): Sharp {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
}

export async function makeTempDir(prefix: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `parity-${prefix}-`));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, payload: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), payload]);
  const out = Buffer.alloc(12 + payload.length);
  out.writeUInt32BE(payload.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + payload.length);
  return out;
}

/** A well-formed PNG header claiming width × height RGB pixels, followed by a tiny IDAT and IEND. */
export function pngClaimingSize(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type RGB
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const idat = Buffer.from([0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01]);
  return Buffer.concat([signature, pngChunk('IHDR', ihdr), pngChunk('IDAT', idat), pngChunk('IEND', new Uint8Array(0))]);
}

/** The ParityError resolvePreprocessSpec throws for this spec and input (fails the test when it does not throw). */
export function resolveFailure(partial: PartialPreprocessSpecInput | null, input: TensorSignature): ParityError {
  try {
    resolvePreprocessSpec(partial, input);
  } catch (error) {
    expect(error).toBeInstanceOf(ParityError);
    return error as ParityError;
  }
  throw new Error('expected resolvePreprocessSpec to throw');
}
