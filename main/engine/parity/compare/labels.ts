/**
 * Labels and class folders checked against the model before any figure is computed: a labels file that does not
 * fit the model's class count, a class folder the labels do not name, or one they name twice would otherwise give
 * an accuracy that is silently wrong.
 */
import { promises as fs } from 'node:fs';
import { ParityError } from '../../../../shared/errors.js';
import { MAX_LABELS_BYTES, checkLabelsFit, labelsCountError, parseLabelsText } from '../../../../shared/labels.js';
import type { TensorSignature } from '../../../../shared/model-info.js';
import type { GateCriterion, OutputDescription } from '../../../../shared/report/report.js';
import type { TensorOutput } from '../../infer/model-session.js';

/** Reads a labels file: one class name per line (line i = class index i), or a JSON array of names. */
export async function readLabels(file: string): Promise<string[]> {
  let text: string;
  try {
    const stat = await fs.stat(file);
    if (stat.size > MAX_LABELS_BYTES) {
      throw new ParityError('BAD_OPTION', `Labels file ${file} is ${(stat.size / 1048576).toFixed(0)} MB; a labels file has one class name per line.`, 'Check that the labels file (--labels) is the list of class names, not a data file.');
    }
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof ParityError) throw error;
    throw new ParityError('BAD_OPTION', `Cannot read labels file ${file}: ${(error as Error).message}`, 'Check the path of the labels file.');
  }
  return parseLabelsText(text, file);
}

/**
 * Refuses labels whose count differs from the fixed class count of the model's outputs (or a model without any
 * class output); returns the warning to show when the count is symbolic and can only be checked on the first image.
 */
export function checkLabelsBeforeRun(classes: readonly string[], file: string, outputs: readonly TensorSignature[]): string | null {
  const fit = checkLabelsFit(classes.length, outputs, file);
  if (!fit.ok) throw fit.error;
  return fit.warning;
}

/** The same check on the first image's outputs, for models whose signature did not fix the class count. */
export function checkLabelsOnFirstImage(classes: readonly string[], file: string, plan: readonly OutputDescription[], firstReference: Record<string, TensorOutput>): void {
  const output = plan.find((p) => p.kind === 'classification');
  if (!output || output.classes === undefined) {
    throw new ParityError(
      'BAD_OPTION',
      `Labels give accuracy for a classifier, but no output of this model gave a row of class scores on the first image (outputs: ${plan.map((p) => `${p.name}: ${p.kind}`).join(', ')}).`,
      'Leave out the labels file for this model: agreement between the models is measured without it.',
    );
  }
  if (output.classes !== classes.length) throw labelsCountError(classes.length, output.classes, output.name, file);
  const values = firstReference[output.name]?.data.length ?? 0;
  if (values !== output.classes) {
    throw new ParityError(
      'BAD_OPTION',
      `The output "${output.name}" gives ${values / output.classes} rows of ${output.classes} class scores per image (a sequence), so one label per image cannot be scored.`,
      'Leave out the labels file for this model: agreement between the models is measured per row without it.',
    );
  }
}

/**
 * Refuses class folders the labels do not name (a typo or another naming scheme would drop their images from the
 * accuracy) and folders whose name the labels give to more than one class index (which index is right is unknown).
 */
export function checkClassFolders(folders: Iterable<string>, classes: readonly string[], file: string): void {
  const lines = new Map<string, number[]>();
  classes.forEach((name, i) => lines.set(name, [...(lines.get(name) ?? []), i]));
  const unknown: string[] = [];
  const ambiguous: string[] = [];
  for (const folder of new Set(folders)) {
    const at = lines.get(folder);
    if (!at) unknown.push(folder);
    else if (at.length > 1) ambiguous.push(`"${folder}" (lines ${at.map((i) => i + 1).join(' and ')})`);
  }
  if (unknown.length > 0) {
    unknown.sort();
    const near = unknown.map((f) => [f, closestName(f, classes)] as const).find(([, c]) => c !== null);
    throw new ParityError(
      'BAD_OPTION',
      `${unknown.length} class folder${unknown.length === 1 ? ' is' : 's are'} not named in the labels file ${file}: ${unknown.slice(0, 5).map((f) => `"${f}"`).join(', ')}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''}.`,
      `Each folder under the images folder must be named exactly as a line of the labels file${near ? ` (e.g. "${near[0]}" may be "${near[1]}")` : ''}; rename or remove the others.`,
      { folders: unknown.slice(0, 50) },
    );
  }
  if (ambiguous.length > 0) {
    throw new ParityError(
      'BAD_OPTION',
      `The labels file ${file} gives the name of class folder ${ambiguous.slice(0, 3).join(', ')} to more than one class index, so its images cannot be scored.`,
      'Give each of those classes a distinct name in the labels file and name the folder after the right one.',
    );
  }
}

/** A label equal to `folder` up to case, spaces, underscores and hyphens, for the hint. */
function closestName(folder: string, classes: readonly string[]): string | null {
  const key = (s: string): string => s.toLowerCase().replace(/[\s_-]+/g, '');
  const wanted = key(folder);
  return classes.find((c) => key(c) === wanted) ?? null;
}

/** Refuses a gate on accuracy when no labels were given: it could only fail, and only after the whole run. */
export function checkAccuracyGate(gate: readonly GateCriterion[], labels: string | null): void {
  if (labels) return;
  const metric = gate.find((c) => c.metric === 'accuracy' || c.metric === 'accuracyDelta');
  if (metric) {
    throw new ParityError(
      'BAD_OPTION',
      `The gate on ${metric.metric} needs a labels file: without labels no image has a true class.`,
      'Give the labels file (--labels in the CLI) with one image folder per class, or gate on top1Agreement instead.',
    );
  }
}
