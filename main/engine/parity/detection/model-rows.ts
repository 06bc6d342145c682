/**
 * A model output read as a table of rows (anchors) and columns (attributes), whatever its batch dimension, and
 * several outputs stacked along their rows (BlazeFace's two heads).
 */
import { ParityError } from '../../../../shared/errors.js';
import type { OutputTensors } from '../kinds/output-kind.js';
import type { FloatArray } from '../metrics/float-array.js';

export interface RowTable {
  data: FloatArray;
  rows: number;
  cols: number;
}

const SPEC_HINT = 'Check --postprocess against the output shapes `parity inspect <model>` prints.';

/** The output `name` of one image as [rows, cols]: [1, N, K] and [N, K] give N × K; [1, N] and [N] give N × 1. */
export function rowsOf(outputs: OutputTensors, name: string): RowTable {
  const out = outputs[name];
  if (!out) throw new ParityError('BAD_OPTION', `The post-processing spec reads output "${name}", which the model does not have.`, SPEC_HINT);
  const dims = out.dims.length > 0 && out.dims[0] === 1 && out.dims.length > 1 ? out.dims.slice(1) : out.dims;
  if (dims.length === 2) return { data: out.data, rows: dims[0]!, cols: dims[1]! };
  if (dims.length === 1) return { data: out.data, rows: dims[0]!, cols: 1 };
  throw new ParityError('BAD_OPTION', `Output "${name}" has shape [${out.dims.join(', ')}]; the post-processing spec needs [1, N, K], [N, K] or [1, N].`, SPEC_HINT);
}

/** Several outputs' rows one after the other (all with the same column count). */
export function stackedRows(outputs: OutputTensors, names: readonly string[]): RowTable {
  const tables = names.map((n) => rowsOf(outputs, n));
  if (tables.length === 1) return tables[0]!;
  const cols = tables[0]!.cols;
  const bad = tables.findIndex((t) => t.cols !== cols);
  if (bad >= 0) {
    throw new ParityError('BAD_OPTION', `Outputs ${names.join(', ')} are stacked but have ${cols} and ${tables[bad]!.cols} columns.`, SPEC_HINT);
  }
  const rows = tables.reduce((s, t) => s + t.rows, 0);
  const data = new Float32Array(rows * cols);
  let at = 0;
  for (const t of tables) {
    data.set(t.data.subarray(0, t.rows * cols), at);
    at += t.rows * cols;
  }
  return { data, rows, cols };
}

/** The single number of a scalar-like output ([], [1], [1, 1]). */
export function scalarOf(outputs: OutputTensors, name: string): number {
  const out = outputs[name];
  if (!out || out.data.length !== 1) throw new ParityError('BAD_OPTION', `Output "${name}" should hold one number (a detection count).`, SPEC_HINT);
  return out.data[0]!;
}

export { SPEC_HINT };
