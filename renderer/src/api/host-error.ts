/** A failed host call as the UI shows it: the ParityError's code, one-line message and hint. */
import { ParityErrorDataSchema, type ParityErrorData } from '../../../shared/errors.js';

export class HostCallError extends Error {
  readonly data: ParityErrorData;

  constructor(data: ParityErrorData) {
    super(data.message);
    this.name = 'HostCallError';
    this.data = data;
  }
}

/** Error data from anything thrown by a host call, an IPC bridge or the network. */
export function errorDataOf(error: unknown): ParityErrorData {
  if (error instanceof HostCallError) return error.data;
  // The Electron bridge rejects with plain objects or Errors whose message may carry the JSON of the data.
  const direct = ParityErrorDataSchema.safeParse(error);
  if (direct.success) return direct.data;
  if (error instanceof Error) {
    const embedded = /\{.*"code".*\}/s.exec(error.message);
    if (embedded) {
      try {
        const parsed = ParityErrorDataSchema.safeParse(JSON.parse(embedded[0]));
        if (parsed.success) return parsed.data;
      } catch {
        // not JSON: fall through to the plain message
      }
    }
    if (error.name === 'TypeError' && /fetch|network/i.test(error.message)) {
      return { code: 'IO_ERROR', message: 'The Parity host is not reachable.', hint: 'Check that `parity serve` is still running, then reload the page.' };
    }
    return { code: 'INTERNAL', message: error.message };
  }
  return { code: 'INTERNAL', message: String(error) };
}
