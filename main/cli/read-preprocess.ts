import { readFileSync } from 'node:fs';
import { ParityError } from '../../shared/errors.js';
import { PartialPreprocessSpecSchema, type PartialPreprocessSpec } from '../../shared/preprocess.js';

/** Reads and validates a --preprocess JSON file (any subset of the spec's fields). */
export function readPreprocessFile(file: string): PartialPreprocessSpec {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ParityError('BAD_OPTION', `Cannot read --preprocess file ${file}: ${(error as Error).message}`, 'Check the path of the JSON spec.');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ParityError('BAD_OPTION', `--preprocess file ${file} is not valid JSON: ${(error as Error).message}`, 'Example: {"width": 224, "height": 224, "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]}');
  }
  const parsed = PartialPreprocessSpecSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ParityError(
      'BAD_OPTION',
      `--preprocess file ${file}: ${issue?.path.join('.') || 'spec'}: ${issue?.message ?? 'invalid'}`,
      'Fields: resize (stretch|letterbox|crop), width, height, colorOrder (RGB|BGR|GRAY), layout (NCHW|NHWC), scale (255|1), mean [3] or [1], std [3] or [1], dtype (float32|uint8|int8), anchor (center|top-left) and pad (0-255 or [r,g,b]) for letterbox, cropFraction (0-1] for crop, batch.',
    );
  }
  return parsed.data;
}
