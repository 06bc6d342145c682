/**
 * Labels files and how they must fit the model: line i (or JSON entry i) names class index i, so a file one line
 * short shifts every class after the gap and turns accuracy into a wrong figure. Parsed and checked here so that
 * the engine (before a run), the hosts (when a file is chosen) and the app (at Start and Run) say the same thing.
 */
import { ParityError } from './errors.js';
import type { Dim, TensorSignature } from './model-info.js';

/** Labels files larger than this are refused unread (ImageNet-21k's names are about 1 MB). */
export const MAX_LABELS_BYTES = 16 * 1024 * 1024;

function fileName(file: string): string {
  return file.split(/[\\/]/).pop() || file;
}

function fromJson(text: string, file: string): string[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ParityError('BAD_OPTION', `Labels file ${file} is not valid JSON (${(error as Error).message}).`, 'A .json labels file is an array of class names, ["tench", "goldfish", …].');
  }
  const hint = 'Write an array of class names, ["tench", "goldfish", …], or an object {"0": "tench", "1": "goldfish", …} with every index from 0.';
  if (Array.isArray(data)) {
    const bad = data.findIndex((v) => typeof v !== 'string');
    if (bad >= 0) throw new ParityError('BAD_OPTION', `Labels file ${file}: entry ${bad} is not a string.`, hint);
    return (data as string[]).map((s) => s.trim());
  }
  if (data !== null && typeof data === 'object') {
    const entries = Object.entries(data as Record<string, unknown>);
    const names: string[] = new Array<string>(entries.length);
    for (const [key, value] of entries) {
      const index = /^(0|[1-9]\d*)$/.test(key) ? Number(key) : -1;
      if (index < 0 || index >= entries.length) throw new ParityError('BAD_OPTION', `Labels file ${file}: key "${key}" is not a class index from 0 to ${entries.length - 1}.`, hint);
      if (typeof value !== 'string') throw new ParityError('BAD_OPTION', `Labels file ${file}: class ${key} is not a string (${JSON.stringify(value).slice(0, 60)}).`, hint);
      names[index] = value.trim();
    }
    return names;
  }
  throw new ParityError('BAD_OPTION', `Labels file ${file} holds neither an array nor an object of class names.`, hint);
}

/**
 * The class names of a labels file: one per line (blank trailing lines ignored), or a JSON array / index-keyed
 * object when the file ends in .json. Throws BAD_OPTION naming the file for an empty file or an unnamed class.
 */
export function parseLabelsText(text: string, file: string): string[] {
  const json = /\.json$/i.test(file);
  const names = json ? fromJson(text, file) : text.replace(/^\uFEFF/, '').replace(/\r/g, '').split('\n').map((l) => l.trim());
  if (!json) while (names.length > 0 && names[names.length - 1] === '') names.pop();
  if (names.length === 0) {
    throw new ParityError('BAD_OPTION', `Labels file ${file} is empty.`, 'Write one class name per line; line i names class index i.');
  }
  const empty = names.indexOf('');
  if (empty >= 0) {
    const where = json ? `class ${empty}` : `line ${empty + 1}`;
    throw new ParityError('BAD_OPTION', `Labels file ${file} has no name for ${where}.`, 'Every class index needs a name; line i names class index i.');
  }
  return names;
}

/** What the model's signature says about its class output, before any image has run. */
export type ClassOutput =
  /** An output shaped like one row of class scores ([N, C], [N, C, 1, 1], [N, 1, 1, C], [C]); classes null when C is symbolic. */
  | { kind: 'classes'; output: string; classes: number | null }
  /** No output's shape is known well enough to tell (symbolic or unknown ranks and dims). */
  | { kind: 'unknown' }
  /** Every output has a fixed shape and none is a row of class scores (maps, sequences, boxes). */
  | { kind: 'none' };

function isFloat(dtype: string): boolean {
  return /float|double|bfloat/i.test(dtype);
}

/** The one dim of a single-row class output, or undefined when the shape is not one. */
function classDimOf(shape: readonly Dim[]): Dim | undefined {
  const rest = shape.length >= 2 ? shape.slice(1) : shape;
  const open = rest.filter((d) => d !== 1);
  if (open.length !== 1) return undefined;
  return open[0];
}

/** The first output shaped like a row of class scores, as evaluate-outputs takes the first classification output. */
export function classOutputOf(outputs: readonly TensorSignature[]): ClassOutput {
  let unknown = false;
  for (const output of outputs) {
    if (!isFloat(output.dtype)) continue;
    if (output.shape === null) {
      unknown = true;
      continue;
    }
    const dim = classDimOf(output.shape);
    if (typeof dim === 'number' && dim >= 2) return { kind: 'classes', output: output.name, classes: dim };
    if (dim !== undefined && typeof dim !== 'number') {
      // [N, C] with C symbolic is a class row of unknown width; [?, ?, ?, ?] may be anything.
      if (output.shape.length <= 2) return { kind: 'classes', output: output.name, classes: null };
      unknown = true;
      continue;
    }
    if (output.shape.some((d) => typeof d !== 'number')) unknown = true;
  }
  return unknown ? { kind: 'unknown' } : { kind: 'none' };
}

function classCount(n: number): string {
  return `${n.toLocaleString('en-US')} class${n === 1 ? '' : 'es'}`;
}

/** The refusal when a labels file's count differs from the class count the model produced or declares. */
export function labelsCountError(labelCount: number, classes: number, output: string, file: string): ParityError {
  const name = fileName(file);
  const background = Math.abs(labelCount - classes) === 1 ? ' A background class at index 0 is a common cause of one too many or too few.' : '';
  const hint =
    labelCount < classes
      ? `Line i names class index i, so a missing line shifts every class after it: add the missing names or use the labels this model was trained with.${background}`
      : `Line i names class index i: remove the extra names or use the labels this model was trained with.${background}`;
  return new ParityError(
    'BAD_OPTION',
    `The labels file ${name} names ${classCount(labelCount)} but the model's output "${output}" has ${classCount(classes)}.`,
    hint,
    { labelCount, classCount: classes, output },
  );
}

export type LabelsFit = { ok: true; warning: string | null } | { ok: false; error: ParityError };

/**
 * Whether `labelCount` names fit the model's outputs, from the signature alone: a fixed class count must equal it;
 * a symbolic one gets a warning (checked again on the first image's output); no class output at all is an error.
 */
export function checkLabelsFit(labelCount: number, outputs: readonly TensorSignature[], file: string): LabelsFit {
  const found = classOutputOf(outputs);
  const name = fileName(file);
  if (found.kind === 'none') {
    const list = outputs.map((o) => `${o.name} [${(o.shape ?? []).join(', ')}]`).join(', ');
    return {
      ok: false,
      error: new ParityError(
        'BAD_OPTION',
        `Labels (${name}) give accuracy for a classifier, but no output of this model is a row of class scores (outputs: ${list}).`,
        'Leave out the labels file for this model: agreement between the models is measured without it.',
      ),
    };
  }
  if (found.kind === 'classes' && found.classes !== null) {
    return found.classes === labelCount ? { ok: true, warning: null } : { ok: false, error: labelsCountError(labelCount, found.classes, found.output, file) };
  }
  const where = found.kind === 'classes' ? `The model's output "${found.output}" has no fixed class count` : 'The model\'s outputs have no fixed shape';
  return { ok: true, warning: `${where}: the ${classCount(labelCount)} of ${name} can only be checked against the first image's output.` };
}
