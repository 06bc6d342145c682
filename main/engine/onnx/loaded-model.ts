import type { ModelProto } from './generated/onnx_pb.js';

/** A decoded ONNX model together with where it came from. Tensor raw_data fields are views into `bytes`. */
export interface LoadedModel {
  readonly proto: ModelProto;
  /** Absolute path of the .onnx file ('' for a model that only exists in memory). */
  readonly path: string;
  /** Folder that external-data locations are relative to. */
  readonly dir: string;
  readonly fileSizeBytes: number;
  /** The file's bytes; large tensors point into this buffer instead of holding copies. */
  readonly bytes: Uint8Array;
}

/** Where a tensor's external data can be found: the folder of the model that holds it. */
export interface TensorOrigin {
  readonly dir: string;
}

/** The ModelProto of either a LoadedModel or a bare ModelProto. */
export function protoOf(model: LoadedModel | ModelProto): ModelProto {
  return 'proto' in model && 'bytes' in model ? model.proto : model;
}
