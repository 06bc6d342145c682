import type { PreprocessSpec } from '../../../shared/preprocess.js';
import { fitToInput } from './fit-to-input.js';
import type { RgbImage } from './rgb-image.js';
import { toTensor, type ImageTensor } from './to-tensor.js';

/** Geometry then normalisation: a decoded image straight to the model's input tensor (no perturbation). */
export async function preprocessImage(image: RgbImage, spec: PreprocessSpec): Promise<ImageTensor> {
  return toTensor(await fitToInput(image, spec), spec);
}
