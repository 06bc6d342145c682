/** Inference: the engine's only way in to ONNX Runtime (sessions, tensors in and out, ORT failures as ParityErrors). */
export { createCpuSession, CpuSession, type CpuSessionOptions, type GraphOptimizationLevel } from './create-session.js';
export { ModelSession, type SessionSettings } from './model-session.js';
export { isTensorDtype, zerosTensor, type TensorData, type TensorDtype, type TensorInput, type TensorOutput, type TensorValue } from './tensors.js';
export { ortError, ortWords } from './ort-errors.js';
