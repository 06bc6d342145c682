/**
 * Reading ONNX files: hostile-input checks first (file kind, wire format, depth, memory budget), then protobuf
 * decoding in which large tensors stay views into the file buffer, then tensor and structure validation.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fromBinary } from '@bufbuild/protobuf';
import { ParityError } from '../../../shared/errors.js';
import { ModelProtoSchema } from './generated/onnx_pb.js';
import { badModel } from './bad-model.js';
import { checkExternalData, isExternal } from './external-data.js';
import { forEachTensor } from './graph-walk.js';
import type { LoadedModel } from './loaded-model.js';
import { sniffNonOnnx } from './sniff.js';
import { checkModelStructure } from './structure.js';
import { checkTensorData } from './tensor-data.js';
import { DEFAULT_WIRE_SCAN_LIMITS, scanWireFormat, type WireScanLimits } from './wire-scan.js';

/** Protobuf cannot serialise a message of 2 GiB or more, so no valid .onnx file is that large. */
export const MAX_PROTOBUF_BYTES = 2 ** 31 - 1;

export interface ReadModelOptions {
  /** Run checkModelStructure and reject models with structural errors (default true). */
  readonly checkStructure?: boolean;
  /** Check that external-data files exist, stay in the model folder and hold enough bytes (default true). */
  readonly checkExternalData?: boolean;
  readonly limits?: Partial<WireScanLimits>;
}

/** Reads and validates an ONNX file; rejects anything that is not a sound ONNX model with ParityError BAD_MODEL. */
export async function readModel(filePath: string, options: ReadModelOptions = {}): Promise<LoadedModel> {
  const absolute = path.resolve(filePath);
  let size: number;
  try {
    const info = await stat(absolute);
    if (info.isDirectory()) throw badModel(`"${filePath}" is a folder, not an ONNX model file.`, 'Pass the path of the .onnx file.');
    size = info.size;
  } catch (error) {
    throw fileError(error, filePath);
  }
  if (size === 0) throw badModel(`The model file "${path.basename(absolute)}" is empty.`);
  if (size > MAX_PROTOBUF_BYTES) {
    throw badModel(
      `The model file is ${(size / 2 ** 30).toFixed(1)} GiB, over protobuf's 2 GiB limit, so it cannot be a valid ONNX file.`,
      'Save models over 2 GiB with their weights in external data (a .data file next to the .onnx file).',
    );
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(absolute);
  } catch (error) {
    throw fileError(error, filePath);
  }
  return parseModel(bytes, { path: absolute, dir: path.dirname(absolute) }, options);
}

function fileError(error: unknown, filePath: string): ParityError {
  if (error instanceof ParityError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return badModel(`Model file "${filePath}" does not exist.`, 'Check the path.');
  if (code === 'EACCES' || code === 'EPERM') return badModel(`Model file "${filePath}" cannot be read (permission denied).`, 'Check the file permissions.');
  if (code === 'EISDIR') return badModel(`"${filePath}" is a folder, not an ONNX model file.`, 'Pass the path of the .onnx file.');
  const message = error instanceof Error ? error.message : String(error);
  return new ParityError('IO_ERROR', `Could not read "${filePath}": ${message.split('\n')[0]}`, 'Check the disk and try again.');
}

/** Decodes and validates model bytes already in memory; `origin.dir` is where external data is looked up. */
export function parseModel(
  bytes: Uint8Array,
  origin: { readonly path?: string; readonly dir: string },
  options: ReadModelOptions = {},
): LoadedModel {
  if (bytes.length === 0) throw badModel('The model file is empty.');
  const kind = sniffNonOnnx(bytes.subarray(0, 64));
  if (kind !== null) {
    throw badModel(`This file is ${kind}, not an ONNX model.`, 'Pick the .onnx file exported from your training framework.');
  }
  const limits = { ...DEFAULT_WIRE_SCAN_LIMITS, ...options.limits };
  scanWireFormat(bytes, ModelProtoSchema, limits);
  let proto;
  try {
    proto = fromBinary(ModelProtoSchema, bytes, { readUnknownFields: true, recursionLimit: limits.maxDepth + 1 });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw badModel(`The model file is not valid protobuf (${message.split('\n')[0]?.slice(0, 160)}).`);
  }
  if (proto.graph === undefined) {
    throw badModel('The file decodes as protobuf but holds no ONNX graph, so it is not an ONNX model.');
  }
  if (proto.irVersion <= 0n) {
    throw badModel('The file has no valid ONNX ir_version, so it is not an ONNX model (or it is badly corrupted).');
  }
  const model: LoadedModel = { proto, path: origin.path ?? '', dir: origin.dir, fileSizeBytes: bytes.length, bytes };
  const checkExternal = options.checkExternalData ?? true;
  forEachTensor(proto, (tensor) => {
    const expected = checkTensorData(tensor);
    if (checkExternal && isExternal(tensor)) checkExternalData(model.dir, tensor, expected);
  });
  if (options.checkStructure ?? true) {
    const errors = checkModelStructure(proto).filter((i) => i.severity === 'error');
    if (errors.length > 0) {
      const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})` : '';
      throw badModel(`The model's graph is broken: ${errors[0]!.message}${more}`, 'Re-export the model; ONNX Runtime would refuse to load it.');
    }
  }
  return model;
}
