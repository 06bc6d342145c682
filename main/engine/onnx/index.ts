/** The ONNX model layer: reading, validating, writing and describing ONNX models. */
// The generated ONNX message types and their schemas (ModelProtoSchema, TensorProto_DataType, …).
export * from './generated/onnx_pb.js';
export { protoOf, type LoadedModel, type TensorOrigin } from './loaded-model.js';
export { readModel, parseModel, MAX_PROTOBUF_BYTES, type ReadModelOptions } from './read-model.js';
export { writeModel, type WriteModelOptions, type WriteModelResult } from './write-model.js';
export { encodeToBytes } from './proto-encoder.js';
export {
  tensorBytes,
  tensorToTypedArray,
  tensorElementCount,
  tensorStorage,
  checkTensorData,
  MAX_TENSOR_ELEMENTS,
  type TensorTypedArray,
  type TensorStorage,
} from './tensor-data.js';
export { dtypeName, dtypeCode, dtypeBits, rawByteLength, isKnownDataType } from './dtypes.js';
export { FLOAT16_MAX, fromFloat16Array, fromFloat16Bits, toFloat16Array, toFloat16Bits, type Float16Conversion } from './float16.js';
export { weightsOf, constantValueTensor, type WeightInfo } from './weights.js';
export { forEachGraph, forEachTensor, nodeSubgraphs, type TensorPlace } from './graph-walk.js';
export { isExternal, externalDataRef, type ExternalDataRef } from './external-data.js';
export {
  checkModelStructure,
  topologicalOrder,
  normalizeDomain,
  type StructureIssue,
  type StructureIssueCode,
} from './structure.js';
export { inspectModel, inspectLoadedModel, type InspectOptions } from './inspect.js';
export { nodeFlops, isFlopNode, shapesNeeded, type ShapeMap } from './flops.js';
export { signatureOf, typeName, typeShape } from './signature.js';
export { sha256File } from './sha256.js';
export { tensorValueInfo } from './value-info.js';
export { initializerInputs, dropInitializerInputs } from './initializer-inputs.js';
export { CHANNEL_SCALES_KEY, channelScalesOf, setChannelScales, type RescaledTensor } from './channel-scales.js';
