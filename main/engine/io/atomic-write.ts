import { promises as fs } from 'node:fs';
import path from 'node:path';
import { tempPathNextTo } from './temp-files.js';

/**
 * Writes a file so that readers see either the old content or the complete new one, never a torn write:
 * temp file in the same folder, fsync, rename. The temp file is removed when anything fails.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true });
  const temp = tempPathNextTo(file);
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(temp, 'wx');
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fs.rename(temp, file);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}

/** Pretty-printed JSON written atomically. */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** Copies a finished file to another place atomically (for the CLI's --json/--report/--csv copies). */
export async function copyFileAtomic(source: string, target: string): Promise<void> {
  await writeFileAtomic(target, await fs.readFile(source));
}
