import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * In the packaged desktop app, files Parity ships (the sample model and images) sit in app.asar, which only
 * Electron's patched `fs` can read; ONNX Runtime and libvips open paths natively. electron-builder unpacks those
 * files to app.asar.unpacked, so a path into the archive is swapped for its unpacked twin when that exists.
 */
export function unpackedPath(file: string, exists: (p: string) => boolean = existsSync): string {
  const marker = `${path.sep}app.asar${path.sep}`;
  const at = file.indexOf(marker);
  if (at < 0) return file;
  const candidate = `${file.slice(0, at)}${path.sep}app.asar.unpacked${path.sep}${file.slice(at + marker.length)}`;
  return exists(candidate) ? candidate : file;
}

/** A copy of a JSON-like value with every string passed through `map`. */
export function mapStrings(value: unknown, map: (s: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, map));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, map)]));
  }
  return value;
}
