import { ParityError } from '../../../shared/errors.js';

/** Wraps an ONNX Runtime failure in a ParityError that keeps ORT's words (they name the node) and adds a hint. */
export function ortError(action: string, modelPath: string, error: unknown): ParityError {
  const raw = error instanceof Error ? error.message : String(error);
  const message = raw.replace(/\s+/g, ' ').trim();
  let hint = 'Check that the model loads in ONNX Runtime (e.g. with onnxruntime in Python) and that its opset is supported.';
  if (/Could not find an implementation|NOT_IMPLEMENTED|not implemented/i.test(message)) {
    hint = 'The model uses an operator (or an operator/type combination) ONNX Runtime\'s CPU provider lacks; re-export it with supported ops.';
  } else if (/Protobuf parsing failed|INVALID_PROTOBUF|Load model/i.test(message)) {
    hint = 'The file is not a valid ONNX model; re-export it or check that the download is complete.';
  } else if (/Got invalid dimensions|shape|dimension/i.test(message)) {
    hint = 'The input tensor does not match the model: check the preprocessing spec (width, height, layout).';
  } else if (/opset/i.test(message)) {
    hint = 'The model\'s opset is newer than this ONNX Runtime supports; re-export with a lower opset.';
  }
  return new ParityError('ORT_ERROR', `ONNX Runtime failed to ${action} ${modelPath}: ${message}`, hint, { ortMessage: raw });
}

/** The first line of ONNX Runtime's own message inside an error from infer/ (or of any other error). */
export function ortWords(error: unknown): string {
  const raw = error instanceof ParityError && typeof error.details?.['ortMessage'] === 'string' ? error.details['ortMessage'] : error instanceof Error ? error.message : String(error);
  return raw.split('\n')[0] ?? '';
}
