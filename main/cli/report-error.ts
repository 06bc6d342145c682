import { fileSystemError, ParityError } from '../../shared/errors.js';
import { EXIT, exitCodeFor } from './exit-codes.js';

/** Prints an error as one line plus a hint, and returns the exit status it deserves. */
export function reportError(thrown: unknown, stream: NodeJS.WriteStream = process.stderr): number {
  const error = fileSystemError(thrown) ?? thrown;
  if (error instanceof ParityError) {
    stream.write(`parity: error: ${error.message}\n`);
    stream.write(`hint: ${error.hint ?? 'run `parity --help` or `parity <command> --help`.'}\n`);
    return exitCodeFor(error.code);
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  stream.write(`parity: internal error: ${message}\n`);
  stream.write('hint: this is a bug in Parity; please report it with the command you ran.\n');
  return EXIT.internal;
}
