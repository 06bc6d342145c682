/** The built-in sample models and images. */
export {
  locateSample,
  locateDetector,
  locateRecognizer,
  samplesDir,
  type SampleLocation,
  type DetectorLocation,
  type RecognizerLocation,
} from './locate-sample.js';
export { ocrModelFile, OCR_MODEL_FILES } from './ocr-models.js';
