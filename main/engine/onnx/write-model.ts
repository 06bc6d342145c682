/**
 * Writing ONNX files atomically (temp files in the destination folder, renamed into place only when complete),
 * optionally moving large tensors to `<file>.data` next to the model, as ONNX external data.
 */
import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { create } from '@bufbuild/protobuf';
import { ParityError } from '../../../shared/errors.js';
import { backupPathNextTo, tempPathNextTo } from '../io/temp-files.js';
import {
  ModelProtoSchema,
  StringStringEntryProtoSchema,
  TensorProto_DataLocation,
  TensorProtoSchema,
  type ModelProto,
  type TensorProto,
} from './generated/onnx_pb.js';
import { isExternal } from './external-data.js';
import { forEachTensor } from './graph-walk.js';
import { protoOf, type LoadedModel, type TensorOrigin } from './loaded-model.js';
import { ProtoEncoder, type LazyBytes } from './proto-encoder.js';
import { MAX_PROTOBUF_BYTES } from './read-model.js';
import { checkTensorData, tensorBytes } from './tensor-data.js';

export interface WriteModelOptions {
  /** Move tensors of at least `externalDataThreshold` bytes to `<file>.data` (default false; forced above 2 GiB). */
  readonly externalData?: boolean;
  /** Smallest tensor, in bytes, that goes to external data (default 1024, as the onnx package does). */
  readonly externalDataThreshold?: number;
  /** Folder that external-data locations of a bare ModelProto are relative to (a LoadedModel knows its own). */
  readonly sourceDir?: string;
  /** Largest .onnx file written with every tensor inline (default and maximum: protobuf's limit, 2 GiB − 1). */
  readonly maxInlineBytes?: number;
}

export interface WriteModelResult {
  readonly path: string;
  readonly bytesWritten: number;
  /** Absolute path of the .data file, or null when every tensor is inline. */
  readonly externalDataPath: string | null;
  readonly externalDataBytes: number;
  readonly externalTensors: number;
}

const DATA_ALIGNMENT = 4096;

function isLoadedModel(model: LoadedModel | ModelProto): model is LoadedModel {
  return protoOf(model) !== model;
}

/** Tensors that may move to external data: initializers and Constant-node values (where the weights live). */
function externalizable(proto: ModelProto): Set<TensorProto> {
  const out = new Set<TensorProto>();
  forEachTensor(proto, (tensor, place) => {
    if (place.kind === 'initializer') out.add(tensor);
    else if (place.kind === 'attribute' && place.node.opType === 'Constant' && place.attribute.name === 'value' && place.attribute.t === tensor) {
      out.add(tensor);
    }
  });
  return out;
}

/** A copy of a tensor's metadata without any of its data fields. */
function dataless(tensor: TensorProto): TensorProto {
  const copy = create(TensorProtoSchema, {
    dims: tensor.dims,
    dataType: tensor.dataType,
    name: tensor.name,
    docString: tensor.docString,
    metadataProps: tensor.metadataProps,
  });
  if (tensor.segment !== undefined) copy.segment = tensor.segment;
  if (!Object.prototype.hasOwnProperty.call(tensor, 'name')) delete (copy as { name?: string }).name;
  if (!Object.prototype.hasOwnProperty.call(tensor, 'docString')) delete (copy as { docString?: string }).docString;
  if (!Object.prototype.hasOwnProperty.call(tensor, 'dataType')) delete (copy as { dataType?: number }).dataType;
  if (tensor.$unknown !== undefined) copy.$unknown = tensor.$unknown;
  return copy;
}

function writeAll(fd: number, chunk: Uint8Array): void {
  let done = 0;
  while (done < chunk.length) done += writeSync(fd, chunk, done, chunk.length - done);
}

function ioError(error: unknown, target: string): ParityError {
  if (error instanceof ParityError) return error;
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return new ParityError('IO_ERROR', `Could not write "${target}": ${message}`, 'Check that the folder exists, is writable and has free space.');
}

/** Serialises a model to `filePath` atomically; external data goes to `<file>.data` when asked or when over 2 GiB. */
export async function writeModel(
  model: LoadedModel | ModelProto,
  filePath: string,
  options: WriteModelOptions = {},
): Promise<WriteModelResult> {
  const proto = isLoadedModel(model) ? model.proto : model;
  const origin: TensorOrigin = { dir: isLoadedModel(model) ? model.dir : (options.sourceDir ?? process.cwd()) };
  const target = path.resolve(filePath);
  const threshold = options.externalDataThreshold ?? 1024;

  if (options.externalData !== true) {
    const inline = planInline(proto, origin);
    const size = new ProtoEncoder(inline).sizeOf(ModelProtoSchema, proto);
    if (size <= Math.min(options.maxInlineBytes ?? MAX_PROTOBUF_BYTES, MAX_PROTOBUF_BYTES)) return writeFiles(proto, target, inline, null);
  }
  // Asked for, or needed: protobuf cannot hold 2 GiB or more in one message.
  const dataPath = `${target}.data`;
  return writeFiles(proto, target, null, { dataPath, origin, threshold });
}

interface Plan {
  readonly substitute: (message: object) => object;
  readonly lazyBytes: Map<object, Map<number, LazyBytes>>;
}

const RAW_DATA_FIELD = 9;

/** Inline plan: tensors stored externally in the source get their bytes read in while writing. */
function planInline(proto: ModelProto, origin: TensorOrigin): Plan {
  const replaced = new Map<object, object>();
  const lazyBytes = new Map<object, Map<number, LazyBytes>>();
  forEachTensor(proto, (tensor) => {
    if (!isExternal(tensor)) return;
    const length = checkTensorData(tensor) ?? 0;
    const copy = dataless(tensor);
    replaced.set(tensor, copy);
    lazyBytes.set(copy, new Map([[RAW_DATA_FIELD, { length, load: () => tensorBytes(origin, tensor) }]]));
  });
  return { substitute: (m) => replaced.get(m) ?? m, lazyBytes };
}

interface ExternalSpec {
  readonly dataPath: string;
  readonly origin: TensorOrigin;
  readonly threshold: number;
}

function writeFiles(proto: ModelProto, target: string, inline: Plan | null, ext: ExternalSpec | null): WriteModelResult {
  const modelTemp = tempPathNextTo(target);
  const dataTemp = ext !== null ? tempPathNextTo(ext.dataPath) : null;
  let externalDataBytes = 0;
  let externalTensors = 0;
  try {
    let plan = inline;
    if (ext !== null && dataTemp !== null) {
      const replaced = new Map<object, object>();
      const inlineOfSource = planInline(proto, ext.origin);
      const movable = externalizable(proto);
      const location = path.basename(ext.dataPath);
      const fd = openSync(dataTemp, 'wx');
      try {
        let offset = 0;
        forEachTensor(proto, (tensor) => {
          const length = checkTensorData(tensor);
          if (!movable.has(tensor) || length === undefined || length < ext.threshold) return;
          const padding = (DATA_ALIGNMENT - (offset % DATA_ALIGNMENT)) % DATA_ALIGNMENT;
          if (padding > 0) writeAll(fd, new Uint8Array(padding));
          offset += padding;
          writeAll(fd, tensorBytes(ext.origin, tensor));
          const copy = dataless(tensor);
          copy.dataLocation = TensorProto_DataLocation.EXTERNAL;
          copy.externalData = [
            create(StringStringEntryProtoSchema, { key: 'location', value: location }),
            create(StringStringEntryProtoSchema, { key: 'offset', value: String(offset) }),
            create(StringStringEntryProtoSchema, { key: 'length', value: String(length) }),
          ];
          replaced.set(tensor, copy);
          offset += length;
          externalTensors++;
        });
        externalDataBytes = offset;
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      plan = {
        substitute: (m) => replaced.get(m) ?? inlineOfSource.substitute(m),
        lazyBytes: inlineOfSource.lazyBytes,
      };
    }
    const encoder = new ProtoEncoder(plan ?? {});
    const size = encoder.sizeOf(ModelProtoSchema, proto);
    if (size > MAX_PROTOBUF_BYTES) {
      throw new ParityError(
        'UNSUPPORTED',
        `The model's graph alone takes ${(size / 2 ** 30).toFixed(1)} GiB, over protobuf's 2 GiB limit.`,
        'Move more weights to external data (lower the external-data threshold).',
      );
    }
    const fd = openSync(modelTemp, 'wx');
    let bytesWritten: number;
    try {
      bytesWritten = encoder.encode(ModelProtoSchema, proto, { write: (chunk) => writeAll(fd, chunk) });
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    const wroteData = ext !== null && dataTemp !== null && externalTensors > 0;
    if (!wroteData && dataTemp !== null) rmSync(dataTemp, { force: true });
    if (existsSync(target) && statSync(target).isDirectory()) throw new Error(`"${target}" is a folder`);
    if (wroteData) {
      // The model must never be left pointing at a data file of another write: keep the old one until the end.
      const backup = existsSync(ext.dataPath) ? backupPathNextTo(ext.dataPath) : null;
      if (backup !== null) renameSync(ext.dataPath, backup);
      renameSync(dataTemp, ext.dataPath);
      try {
        renameSync(modelTemp, target);
      } catch (error) {
        rmSync(ext.dataPath, { force: true });
        if (backup !== null) renameSync(backup, ext.dataPath);
        throw error;
      }
      if (backup !== null) rmSync(backup, { force: true });
    } else {
      renameSync(modelTemp, target);
    }
    return {
      path: target,
      bytesWritten,
      externalDataPath: wroteData ? ext.dataPath : null,
      externalDataBytes,
      externalTensors,
    };
  } catch (error) {
    rmSync(modelTemp, { force: true });
    if (dataTemp !== null) rmSync(dataTemp, { force: true });
    throw ioError(error, target);
  }
}
