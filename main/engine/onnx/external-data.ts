/**
 * External tensor data (TensorProto.data_location = EXTERNAL): parsing the location/offset/length entries,
 * confining the location to the model's folder, and reading the bytes on demand.
 */
import { closeSync, fstatSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { TensorProto_DataLocation, type TensorProto } from './generated/onnx_pb.js';
import { badModel } from './bad-model.js';

export interface ExternalDataRef {
  /** The location as written in the model (relative, POSIX separators). */
  readonly location: string;
  readonly offset: number;
  /** Null when the model gives no length: the data runs to the end of the file. */
  readonly length: number | null;
}

/** Whether a tensor's bytes live in an external file. */
export function isExternal(tensor: TensorProto): boolean {
  return tensor.dataLocation === TensorProto_DataLocation.EXTERNAL;
}

function parseNonNegative(value: string, key: string, tensorName: string): number {
  if (!/^\d{1,16}$/.test(value.trim())) {
    throw badModel(`Tensor "${tensorName}" has an invalid external-data ${key} "${value.slice(0, 40)}".`);
  }
  const n = Number(value.trim());
  if (!Number.isSafeInteger(n)) throw badModel(`Tensor "${tensorName}" has an external-data ${key} that is too large.`);
  return n;
}

/** Reads a tensor's external_data entries; throws BAD_MODEL when they are missing or malformed. */
export function externalDataRef(tensor: TensorProto): ExternalDataRef {
  let location: string | undefined;
  let offset = 0;
  let length: number | null = null;
  for (const entry of tensor.externalData) {
    if (entry.key === 'location') location = entry.value;
    else if (entry.key === 'offset') offset = parseNonNegative(entry.value, 'offset', tensor.name);
    else if (entry.key === 'length') length = parseNonNegative(entry.value, 'length', tensor.name);
  }
  if (location === undefined || location === '') {
    throw badModel(`Tensor "${tensor.name}" is marked as external data but names no location.`);
  }
  return { location, offset, length };
}

/**
 * Resolves an external-data location inside the model folder. Absolute paths, drive letters, ".." segments and
 * symlinks that lead out of the folder are refused: a model must not make Parity read arbitrary files.
 */
export function resolveExternalPath(modelDir: string, location: string, tensorName: string): string {
  const outside = (): Error =>
    badModel(
      `Tensor "${tensorName}" points its external data outside the model's folder ("${location.slice(0, 80)}").`,
      'External data files must sit in the model folder (or below it) and be named by a relative path.',
    );
  if (location.includes('\0')) throw outside();
  const normalized = location.replace(/\\/g, '/');
  if (normalized.startsWith('/') || /^[A-Za-z]:/.test(normalized) || path.isAbsolute(location)) throw outside();
  const segments = normalized.split('/');
  if (segments.some((s) => s === '..')) throw outside();
  const candidate = path.resolve(modelDir, ...segments.filter((s) => s !== '' && s !== '.'));
  let realDir: string;
  let realFile: string;
  try {
    realDir = realpathSync(modelDir);
    realFile = realpathSync(candidate);
  } catch {
    throw badModel(
      `The external data file "${location.slice(0, 80)}" of tensor "${tensorName}" is missing.`,
      'Keep the .data file(s) next to the .onnx file they belong to.',
    );
  }
  const rel = path.relative(realDir, realFile);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) throw outside();
  if (!statSync(realFile).isFile()) throw outside();
  return realFile;
}

/** Checks that the external bytes of a tensor exist in full; returns the absolute file path. */
export function checkExternalData(modelDir: string, tensor: TensorProto, expectedBytes: number | undefined): string {
  const ref = externalDataRef(tensor);
  const file = resolveExternalPath(modelDir, ref.location, tensor.name);
  const size = statSync(file).size;
  const available = size - ref.offset;
  const length = ref.length ?? (expectedBytes !== undefined ? Math.min(expectedBytes, Math.max(available, 0)) : available);
  if (ref.offset > size || length > available) {
    throw badModel(
      `Tensor "${tensor.name}" needs bytes ${ref.offset}..${ref.offset + length} of "${ref.location}", which has only ${size}.`,
    );
  }
  if (expectedBytes !== undefined && length !== expectedBytes) {
    throw badModel(`Tensor "${tensor.name}" has ${length} bytes of external data but its shape and type need ${expectedBytes}.`);
  }
  return file;
}

/** Reads a tensor's external bytes from disk (each call reads afresh; nothing is cached). */
export function readExternalBytes(modelDir: string, tensor: TensorProto, expectedBytes: number | undefined): Uint8Array {
  const file = checkExternalData(modelDir, tensor, expectedBytes);
  const ref = externalDataRef(tensor);
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const length = ref.length ?? expectedBytes ?? size - ref.offset;
    const out = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const n = readSync(fd, out, done, length - done, ref.offset + done);
      if (n === 0) throw badModel(`The external data file "${ref.location}" ended early while reading tensor "${tensor.name}".`);
      done += n;
    }
    return out;
  } finally {
    closeSync(fd);
  }
}
