import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { ParityError } from '../../../shared/errors.js';

/** SHA-256 of a file as lowercase hex, streamed in chunks so memory stays flat whatever the file size. */
export async function sha256File(filePath: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(filePath, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'ENOENT') throw new ParityError('BAD_OPTION', `File "${filePath}" does not exist.`, 'Check the path.');
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ParityError('IO_ERROR', `Could not read "${filePath}": ${message}`, 'Check the file and its permissions.');
  }
  return hash.digest('hex');
}
