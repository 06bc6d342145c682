/** The image file formats Parity reads, as every message and the README name them. */
export const SUPPORTED_IMAGE_FORMATS = 'JPEG, PNG, WebP, TIFF, GIF, AVIF, BMP';
