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
  'ENDPOINT_ERROR',
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
    code === 'ORT_ERROR' ||
    // A serving endpoint the user pointed at is unreachable, refuses or answers wrongly: their setup, not our fault.
    code === 'ENDPOINT_ERROR'
  );
}

const PATH_PROBLEMS: Readonly<Record<string, { says: string; hint: string }>> = {
  ENOTDIR: { says: 'runs through a file where a folder is needed', hint: 'Choose a path whose parents are folders.' },
  EEXIST: { says: 'already exists as a file where a folder is needed', hint: 'Choose a folder, or a name that is not taken.' },
  EISDIR: { says: 'is a folder where a file is needed', hint: 'Give a file name, not a folder.' },
  ENOENT: { says: 'does not exist', hint: 'Check the path.' },
  EACCES: { says: 'may not be used (permission denied)', hint: 'Choose a place you may write to, or fix its permissions.' },
  EPERM: { says: 'may not be used (operation not permitted)', hint: 'Choose a place you may write to, or fix its permissions.' },
  EROFS: { says: 'is on a read-only file system', hint: 'Choose a place on a writable disk.' },
};

/**
 * A file-system error of Node (it carries `code` and `path`) as a ParityError that names the path: a path the user
 * gave that cannot be used is BAD_OPTION, a full disk IO_ERROR. Null for anything else.
 */
export function fileSystemError(error: unknown): ParityError | null {
  if (!(error instanceof Error)) return null;
  const { code, path, syscall } = error as Error & { code?: unknown; path?: unknown; syscall?: unknown };
  if (typeof code !== 'string' || typeof path !== 'string') return null;
  const details = { path, code, ...(typeof syscall === 'string' ? { syscall } : {}) };
  if (code === 'ENOSPC') return new ParityError('IO_ERROR', `The disk is full: ${path} could not be written.`, 'Free some disk space and run again.', details);
  const problem = PATH_PROBLEMS[code];
  return problem ? new ParityError('BAD_OPTION', `${path} ${problem.says}.`, problem.hint, details) : null;
}

/** Turns anything thrown into error data without losing a ParityError's code and hint. */
export function toErrorData(error: unknown): ParityErrorData {
  if (error instanceof ParityError) return error.toData();
  const fsError = fileSystemError(error);
  if (fsError) return fsError.toData();
  if (error instanceof Error) return { code: 'INTERNAL', message: error.message };
  return { code: 'INTERNAL', message: String(error) };
}
