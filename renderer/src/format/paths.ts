/** Path helpers for paths of the host's OS, which may not be the browser's (POSIX or Windows separators). */

/** The separator a path uses: a backslash for Windows-looking paths, else a slash. */
export function separatorOf(path: string): '/' | '\\' {
  return /^[A-Za-z]:\\|^\\\\/.test(path) || (path.includes('\\') && !path.includes('/')) ? '\\' : '/';
}

/** The last segment of a path ("cls.onnx" of "/models/cls.onnx"). */
export function baseName(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  const i = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  return i < 0 ? trimmed : trimmed.slice(i + 1);
}

/** The folder of a path ("/models" of "/models/cls.onnx"). */
export function dirName(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  const i = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  if (i < 0) return '.';
  return i === 0 ? trimmed.slice(0, 1) : trimmed.slice(0, i);
}

/** A file name without its last extension ("cls" of "cls.onnx"). */
export function stemOf(path: string): string {
  const name = baseName(path);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/** Joins a host folder and relative parts with the folder's own separator. */
export function joinPath(dir: string, ...parts: string[]): string {
  const sep = separatorOf(dir);
  const cleaned = parts.flatMap((p) => p.split(/[\\/]+/)).filter((p) => p !== '' && p !== '.');
  return [dir.replace(/[\\/]+$/, ''), ...cleaned].join(sep);
}

/** A file-system-safe slug for folder names. */
export function slugOf(text: string, max = 48): string {
  return (
    text
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, max) || 'run'
  );
}

/** A sortable local timestamp for run folder names: 20260128-143005. */
export function stampOf(date: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}-${p(date.getHours())}${p(date.getMinutes())}${p(date.getSeconds())}`;
}

/** The last `segments` parts of a path ("orientation/images"), for lists where the folder name alone is ambiguous. */
export function tailOf(path: string, segments = 2): string {
  const parts = path.replace(/[\\/]+$/, '').split(/[\\/]+/).filter(Boolean);
  return parts.slice(-segments).join('/');
}
