import { promises as fs } from 'node:fs';
import { ParityError } from '../../../../shared/errors.js';

/** Reads a labels file: one class name per line, line i = class index i. Blank trailing lines are ignored. */
export async function readLabels(file: string): Promise<string[]> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new ParityError('BAD_OPTION', `Cannot read labels file ${file}: ${(error as Error).message}`);
  }
  const lines = text.replace(/\r/g, '').split('\n').map((l) => l.trim());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) {
    throw new ParityError('BAD_OPTION', `Labels file ${file} is empty.`, 'Write one class name per line; line i names class index i.');
  }
  const empty = lines.indexOf('');
  if (empty >= 0) {
    throw new ParityError('BAD_OPTION', `Labels file ${file} has an empty line ${empty + 1}.`, 'Every class index needs a name.');
  }
  return lines;
}
