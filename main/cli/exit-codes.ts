import { isUserError, type ParityErrorCode } from '../../shared/errors.js';

/** Exit statuses: 0 success or gate passed, 1 gate failed, 2 usage or input error, 3 internal fault, 130 cancelled. */
export const EXIT = { ok: 0, gateFailed: 1, usage: 2, internal: 3, cancelled: 130 } as const;

export function exitCodeFor(code: ParityErrorCode): number {
  if (code === 'CANCELLED') return EXIT.cancelled;
  return isUserError(code) ? EXIT.usage : EXIT.internal;
}

/** 0 when a gate passed (or there was none), 1 when it failed. */
export function gateExit(passed: boolean): number {
  return passed ? EXIT.ok : EXIT.gateFailed;
}
