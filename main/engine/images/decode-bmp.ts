/**
 * BMP, which sharp (libvips) does not read: decoded by @napi-rs/image (the Rust `image` crate, prebuilt binaries,
 * MIT), which handles 1/4/8-bit palettes, RLE4/RLE8, 16-bit bitfields, 24-bit, 32-bit with or without alpha and
 * top-down rows. 32-bit BI_RGB files keep their fourth byte as padding (opaque), as Pillow and Windows read them.
 * The size is read from the header first, so a bomb is refused before any pixel is decoded.
 */
import { Transformer } from '@napi-rs/image';

/** Raw pixels ready for sharp's `raw` input. */
export interface RawPixels {
  data: Buffer;
  width: number;
  height: number;
  channels: 3 | 4;
}

/** Width and height from the header alone (a negative height means top-down rows); null when implausible. */
export function bmpSize(bytes: Uint8Array): { width: number; height: number } | null {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const core = view.readUInt32LE(14) === 12;
  const width = core ? view.readUInt16LE(18) : view.readInt32LE(18);
  const height = Math.abs(core ? view.readUInt16LE(20) : view.readInt32LE(22));
  return width > 0 && height > 0 ? { width, height } : null;
}

/** Decodes a BMP into 3 (RGB) or 4 (RGBA) channels; throws the decoder's Error when the file is broken. */
export async function decodeBmpPixels(bytes: Buffer): Promise<RawPixels> {
  const transformer = new Transformer(bytes);
  const { width, height } = await transformer.metadata();
  const data = await transformer.rawPixels();
  const channels = data.length / (width * height);
  if (channels !== 3 && channels !== 4) throw new Error(`decoded to ${channels} bytes per pixel`);
  return { data, width, height, channels };
}
