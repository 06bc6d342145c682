/**
 * Errors a user can cause (bad model, bad image, bad option) and faults the hosts must report.
 * They cross process boundaries as plain data (`ParityErrorData`) and are rebuilt on the other side.
 */
import { z } from 'zod';

export const PARITY_ERROR_CODES = [
  'BAD_OPTION',
  'BAD_MODEL',
  'BAD_IMAGE',
  'NO_IMAGES',
  'MODEL_MISMATCH',
  'UNSUPPORTED',
  'ORT_ERROR',
  'IO_ERROR',
  'CANCELLED',
  'ENGINE_CRASHED',
  'ENGINE_HUNG',
  'INTERNAL',
] as const;
export type ParityErrorCode = (typeof PARITY_ERROR_CODES)[number];

export const ParityErrorDataSchema = z.object({
  code: z.enum(PARITY_ERROR_CODES),
  message: z.string(),
  hint: z.string().optional(),
  details: z.record(z.string(), z.unknown()).optional(),
});
export type ParityErrorData = z.infer<typeof ParityErrorDataSchema>;

/** A failure with a plain message and a hint for the user, safe to show as is. */
export class ParityError extends Error {
  readonly code: ParityErrorCode;
  readonly hint: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ParityErrorCode, message: string, hint?: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'ParityError';
    this.code = code;
    this.hint = hint;
    this.details = details;
  }

  toData(): ParityErrorData {
    const data: ParityErrorData = { code: this.code, message: this.message };
    if (this.hint !== undefined) data.hint = this.hint;
    if (this.details !== undefined) data.details = this.details;
    return data;
  }

  static fromData(data: ParityErrorData): ParityError {
    return new ParityError(data.code, data.message, data.hint, data.details);
  }
}

/** Errors the user caused get exit code 2; cancellations 130; everything else is our fault or the runtime's. */
export function isUserError(code: ParityErrorCode): boolean {
  return (
    code === 'BAD_OPTION' ||
    code === 'BAD_MODEL' ||
    code === 'BAD_IMAGE' ||
    code === 'NO_IMAGES' ||
    code === 'MODEL_MISMATCH' ||
    code === 'UNSUPPORTED' ||
    code === 'ORT_ERROR'
  );
}

/** Turns anything thrown into error data without losing a ParityError's code and hint. */
export function toErrorData(error: unknown): ParityErrorData {
  if (error instanceof ParityError) return error.toData();
  if (error instanceof Error) return { code: 'INTERNAL', message: error.message };
  return { code: 'INTERNAL', message: String(error) };
}
