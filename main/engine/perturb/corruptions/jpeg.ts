/**
 * ImageNet-C's JPEG compression: encode at the published quality and decode. sharp's encoder (libvips with the
 * mozjpeg library) is used without mozjpeg's trellis/table tweaks, so it writes the standard Annex K quantisation
 * tables scaled by quality with 4:2:0 chroma, as PIL does — the qualities mean what they mean in ImageNet-C.
 */
import sharp from 'sharp';
import type { RgbImage } from '../../images/index.js';

/** The JPEG bytes of an image at `quality`. */
export async function encodeJpeg(image: RgbImage, quality: number): Promise<Buffer> {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .jpeg({ quality: Math.round(quality), chromaSubsampling: '4:2:0', mozjpeg: false, optimiseCoding: true })
    .toBuffer();
}

export async function jpegCompression(image: RgbImage, params: { quality: number }): Promise<RgbImage> {
  const bytes = await encodeJpeg(image, params.quality);
  const { data, info } = await sharp(bytes).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  if (info.width !== image.width || info.height !== image.height || info.channels !== 3) {
    throw new Error(`internal: JPEG round trip returned ${info.width}×${info.height}×${info.channels}`);
  }
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}
