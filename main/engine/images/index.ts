/** Image decoding and preprocessing: folder listing, decode once, geometry to the model's size, normalisation. */
export type { RgbImage } from './rgb-image.js';
export { assertRgbImage } from './rgb-image.js';
export { sniffImageFormat, SNIFF_BYTES, type ImageFormat, type SniffResult } from './sniff-format.js';
export {
  listImages,
  compareCodePoints,
  type ImageEntry,
  type ImageListing,
  type ListImagesOptions,
  type SkippedFile,
} from './list-images.js';
export { decodeImage, decodeFitted, imageSize, configuredPixelLimit, DEFAULT_LIMIT_INPUT_PIXELS, type DecodeOptions } from './decode-image.js';
export { planFit, type FitPlan, type Geometry } from './fit-geometry.js';
export { resolvePreprocessSpec } from './resolve-preprocess.js';
export { fitToInput, LETTERBOX_GREY, RESIZE_KERNEL } from './fit-to-input.js';
export { toTensor, luma, type ImageTensor } from './to-tensor.js';
export { preprocessImage } from './preprocess-image.js';
export { proposePreprocess } from './propose-preprocess.js';
