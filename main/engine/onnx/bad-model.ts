import { ParityError } from '../../../shared/errors.js';

/** Builds the BAD_MODEL error every reader check throws: a one-line message plus a hint. */
export function badModel(message: string, hint = 'Re-export the model from its framework and check that the file is a complete ONNX model.'): ParityError {
  return new ParityError('BAD_MODEL', message.replace(/\s+/g, ' ').trim(), hint);
}

/** Converts a bigint/number that must be a safe, non-negative integer; null when it is not one. */
export function toSafeCount(value: bigint | number): number | null {
  const n = typeof value === 'bigint' ? (value >= 0n && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : -1) : value;
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}
