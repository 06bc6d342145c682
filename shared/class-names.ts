/** A file of class names, one per line (line i names class i): labels files and a detector's classes file. */

export type ClassNames = { ok: true; names: string[] } | { ok: false; message: string; hint: string };

/** The names of a class-names file's text; blank trailing lines are ignored, other blank lines refused. */
export function parseClassNames(text: string, file: string): ClassNames {
  const lines = text.replace(/\r/g, '').split('\n').map((l) => l.trim());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) return { ok: false, message: `${file} is empty.`, hint: 'Write one class name per line; line i names class index i.' };
  const empty = lines.indexOf('');
  if (empty >= 0) return { ok: false, message: `${file} has an empty line ${empty + 1}.`, hint: 'Every class index needs a name.' };
  return { ok: true, names: lines };
}
