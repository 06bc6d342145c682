import { promises as fs } from 'node:fs';
import { ParityError } from '../../../../shared/errors.js';

/** Above this a file is not a charset (PaddleOCR's Chinese charset, the largest in use, is 26 kB). */
const MAX_CHARSET_BYTES = 4 * 1024 * 1024;

/**
 * Reads a CTC charset (--charset): one symbol per line, line i = class i + 1 (class 0 is the blank), as PaddleOCR's
 * dictionaries are written. Lines are kept as they are — a line holding a space or U+3000 is that symbol — except
 * for the line break itself, a leading byte-order mark and one final empty line.
 */
export async function readCharset(file: string): Promise<string[]> {
  let text: string;
  try {
    const stat = await fs.stat(file);
    if (stat.size > MAX_CHARSET_BYTES) throw new Error(`${stat.size} bytes is not a charset (at most ${MAX_CHARSET_BYTES})`);
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new ParityError('BAD_OPTION', `Cannot read charset file ${file}: ${(error as Error).message}`, 'Pass --charset <file> with one symbol per line.');
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) {
    throw new ParityError('BAD_OPTION', `Charset file ${file} is empty.`, 'Write one symbol per line; line i is the symbol of class i + 1 (class 0 is the CTC blank).');
  }
  return lines;
}
