/**
 * Temporary files and folders, named one way so that what a killed process left behind is recognised and removed:
 * a temp file sits next to its target (the final rename stays on one filesystem) as `.<name>.<pid>.<random>.tmp`,
 * a temp folder is `parity-<purpose>-XXXXXX` under the OS's temp folder (or hidden, `.parity-…`, next to an output).
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const TEMP_FILE = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp(\.[A-Za-z0-9]+)?$/;

/**
 * A fresh temp file name next to `target`. `extension` follows `.tmp` for tools that pick a format by a file's ending
 * (ONNX Runtime writes an optimized model in its own ORT format when the name ends in .ort).
 */
export function tempPathNextTo(target: string, extension = ''): string {
  return hiddenNameNextTo(target, `.tmp${extension}`);
}

/**
 * A fresh name next to `target` for its previous content while a replacement is put in place. Not a temp file:
 * after a kill it may hold the only copy, so orphan cleanup leaves it alone.
 */
export function backupPathNextTo(target: string): string {
  return hiddenNameNextTo(target, '.bak');
}

function hiddenNameNextTo(target: string, ending: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}${ending}`);
}

/** Whether a file name (not a path) is one tempPathNextTo makes. */
export function isTempFileName(name: string): boolean {
  return TEMP_FILE.test(name);
}

/** Whether the process that named a temp file still runs (then the file may be a write in progress). */
function writerIsAlive(name: string): boolean {
  const pid = Number(TEMP_FILE.exec(name)?.[1]);
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temp files directly in `dir` whose writer is gone (a kill cut the write short); another process's
 * write in progress is left alone. Returns how many went.
 */
export async function removeOrphanTempFiles(dir: string): Promise<number> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names) {
    if (!isTempFileName(name) || writerIsAlive(name)) continue;
    await fs.rm(path.join(dir, name), { force: true });
    removed++;
  }
  return removed;
}

/** Creates a fresh temp folder for `purpose`: under the OS's temp folder, or hidden inside `parent` when given. */
export async function makeTempDir(purpose: string, parent?: string): Promise<string> {
  const prefix = parent === undefined ? path.join(os.tmpdir(), `parity-${purpose}-`) : path.join(parent, `.parity-${purpose}-`);
  return fs.mkdtemp(prefix);
}

/** Removes a temp file or folder and everything in it; never throws (cleanup must not hide the real error). */
export async function removeTemp(target: string): Promise<void> {
  await fs.rm(target, { recursive: true, force: true }).catch(() => undefined);
}

/** Runs `work` with a fresh temp folder that is removed afterwards, whatever happens. */
export async function withTempDir<T>(purpose: string, work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await makeTempDir(purpose);
  try {
    return await work(dir);
  } finally {
    await removeTemp(dir);
  }
}
