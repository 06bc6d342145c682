/** A decoded image as every later stage sees it: 8-bit sRGB, interleaved RGB, no alpha, rows top to bottom. */
export interface RgbImage {
  /** width × height × 3 bytes, R G B R G B … */
  data: Uint8Array;
  width: number;
  height: number;
}

/** Checks that an image's buffer holds exactly width × height × 3 bytes (a cheap guard against mix-ups). */
export function assertRgbImage(image: RgbImage): void {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`RgbImage has invalid size ${width}×${height}`);
  }
  if (data.length !== width * height * 3) {
    throw new RangeError(`RgbImage of ${width}×${height} needs ${width * height * 3} bytes, got ${data.length}`);
  }
}
