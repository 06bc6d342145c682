/** Checks a path the user typed, dropped or picked: whether it exists and suits what it is meant to be. */
import { promises as fs, type Dirent } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { z } from 'zod';
import type { HOST_METHODS, PathKindSchema } from '../../shared/contract/host-api.js';
import { ParityError } from '../../shared/errors.js';
import { MAX_LABELS_BYTES, parseLabelsText } from '../../shared/labels.js';

export type PathKind = z.infer<typeof PathKindSchema>;
export type PathStat = z.infer<(typeof HOST_METHODS)['statPath']['result']>;

/** Extensions of the formats the engine decodes (it sniffs bytes; this is only a quick count for the UI). */
const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.webp', '.tif', '.tiff', '.gif', '.avif']);
/** The quick image count stops here so that pointing at a huge tree (or /) answers at once. */
const COUNT_LIMIT = 100_000;
const COUNT_MAX_DIRS = 20_000;

/** Expands a leading "~" (people type it into the web host's path field) and makes the path absolute. */
export function normaliseUserPath(input: string): string | null {
  const trimmed = input.trim();
  if (trimmed === '~' || trimmed.startsWith('~/')) return path.join(os.homedir(), trimmed.slice(1));
  return path.isAbsolute(trimmed) ? path.normalize(trimmed) : null;
}

/** Counts image files under a folder by extension, breadth first, bounded; hidden entries and symlinks skipped. */
export async function countImages(dir: string): Promise<number> {
  let count = 0;
  let dirs = 0;
  const queue = [dir];
  while (queue.length > 0 && count < COUNT_LIMIT && dirs < COUNT_MAX_DIRS) {
    const current = queue.shift() as string;
    dirs += 1;
    let entries: Dirent[];
    try {
      entries = await fs.readdir(current, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      if (entry.isDirectory()) queue.push(path.join(current, entry.name));
      else if (entry.isFile() && IMAGE_EXTENSIONS.has(path.extname(entry.name).toLowerCase())) count += 1;
    }
  }
  return count;
}

function problemFor(kind: PathKind, file: string, isDirectory: boolean, imageCount: number | null): string | null {
  const ext = path.extname(file).toLowerCase();
  switch (kind) {
    case 'model':
      if (isDirectory) return 'This is a folder; choose an .onnx model file.';
      return ext === '.onnx' ? null : 'This is not an .onnx file; export the model to ONNX first.';
    case 'images':
      if (!isDirectory) return 'Choose a folder of images (class sub-folders give labels).';
      return imageCount === 0 ? 'No images (.jpg, .png, .webp, .tif, .gif, .avif) in this folder.' : null;
    case 'labels':
      if (isDirectory) return 'This is a folder; choose a labels file (.txt, one class per line, or .json).';
      return ext === '.txt' || ext === '.json' ? null : 'Labels must be a .txt (one class per line) or .json file.';
    case 'preprocess':
      if (isDirectory) return 'This is a folder; choose a preprocessing spec (.json).';
      return ext === '.json' ? null : 'A preprocessing spec is a .json file.';
    case 'run':
      return isDirectory ? null : 'Choose the run folder itself (it holds report.json).';
    case 'any':
      return null;
  }
}

/** Stats a user path; `onFound` receives the absolute path of anything that exists (to widen the allowed roots). */
export async function statUserPath(
  input: string,
  kind: PathKind,
  onFound: (absolute: string) => Promise<void>,
): Promise<PathStat> {
  const absolute = normaliseUserPath(input);
  if (!absolute) {
    return { path: input, exists: false, isDirectory: false, sizeBytes: 0, imageCount: null, problem: 'Type a full path (starting with / or a drive letter, or ~).' };
  }
  let stat;
  try {
    stat = await fs.stat(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem = code === 'EACCES' || code === 'EPERM' ? 'Parity may not read this path (permission denied).' : 'No such file or folder.';
    return { path: absolute, exists: false, isDirectory: false, sizeBytes: 0, imageCount: null, problem };
  }
  const isDirectory = stat.isDirectory();
  const imageCount = isDirectory && (kind === 'images' || kind === 'any') ? await countImages(absolute) : null;
  await onFound(absolute);
  const problem = problemFor(kind, absolute, isDirectory, imageCount);
  const labels = kind === 'labels' && !problem ? await countLabels(absolute, stat.size) : null;
  return {
    path: absolute,
    exists: true,
    isDirectory,
    sizeBytes: isDirectory ? 0 : stat.size,
    imageCount,
    ...(labels ? { labelCount: labels.count } : {}),
    problem: problem ?? labels?.problem ?? null,
  };
}

/** The class names a labels file gives, read as the engine reads it, or why it cannot be used. */
async function countLabels(file: string, size: number): Promise<{ count: number | null; problem: string | null }> {
  if (size > MAX_LABELS_BYTES) return { count: null, problem: `This file is ${(size / 1048576).toFixed(0)} MB; a labels file has one class name per line.` };
  try {
    return { count: parseLabelsText(await fs.readFile(file, 'utf8'), file).length, problem: null };
  } catch (error) {
    if (error instanceof ParityError) return { count: null, problem: `${error.message}${error.hint ? ` ${error.hint}` : ''}` };
    return { count: null, problem: `Parity cannot read this file (${(error as NodeJS.ErrnoException).code ?? 'error'}).` };
  }
}
