import sharp from 'sharp';
import type { RgbImage } from '../images/index.js';

/** A small JPEG of an image as the model saw it, for galleries (height ≤ maxHeight, width ≤ maxWidth). */
export async function encodeThumbnail(image: RgbImage, maxWidth = 240, maxHeight = 160): Promise<Buffer> {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize({ width: maxWidth, height: maxHeight, fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 82 })
    .toBuffer();
}

export function jpegDataUri(bytes: Buffer): string {
  return `data:image/jpeg;base64,${bytes.toString('base64')}`;
}
