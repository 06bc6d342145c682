import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseLabelsText } from '../../shared/labels.js';
import { ParityError } from '../../shared/errors.js';
import { PostprocessFileSchema, type PostprocessSpec } from '../../shared/postprocess.js';

const EXAMPLE = 'Example: {"kind": "yolo", "grid": true, "scoreThreshold": 0.3, "classes": "coco.txt"}; `parity inspect <model>` proposes one.';
const FIELDS =
  'Fields: kind (yolo|boxes-scores|detections), output / outputs, boxFormat (xyxy|cxcywh|xywh|yxyx), normalized, scoreThreshold, iouThreshold, nms (per-class|agnostic|none), maxDetections, scoreActivation (none|sigmoid|softmax), classes; yolo: layout, objectness, grid; boxes-scores: backgroundClass, anchors.';

function read(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new ParityError('BAD_OPTION', `Cannot read ${what} ${file}: ${(error as Error).message}`, 'Check the path.');
  }
}

/** Reads and validates a --postprocess JSON file; a `classes` file name is read relative to the spec's folder. */
export function readPostprocessFile(file: string): PostprocessSpec {
  let json: unknown;
  try {
    json = JSON.parse(read(file, '--postprocess file'));
  } catch (error) {
    if (error instanceof ParityError) throw error;
    throw new ParityError('BAD_OPTION', `--postprocess file ${file} is not valid JSON: ${(error as Error).message}`, EXAMPLE);
  }
  const parsed = PostprocessFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ParityError('BAD_OPTION', `--postprocess file ${file}: ${issue?.path.join('.') || 'spec'}: ${issue?.message ?? 'invalid'}`, FIELDS);
  }
  const spec = parsed.data;
  if (typeof spec.classes !== 'string') return spec as PostprocessSpec;
  const classesFile = path.resolve(path.dirname(path.resolve(file)), spec.classes);
  // A classes file is a labels file: one name a line (or a JSON list), read by the same rules.
  return { ...spec, classes: parseLabelsText(read(classesFile, 'classes file'), classesFile) } as PostprocessSpec;
}
