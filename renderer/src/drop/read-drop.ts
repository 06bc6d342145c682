/** Turns a browser drop or file input into files with relative paths, walking dropped folders. */
import type { DroppedFile } from './classify-drop.js';

function readAll(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => {
    const out: FileSystemEntry[] = [];
    // readEntries returns at most ~100 entries per call: keep reading until it returns none.
    const next = (): void =>
      reader.readEntries((batch) => {
        if (batch.length === 0) resolve(out);
        else {
          out.push(...batch);
          next();
        }
      }, reject);
    next();
  });
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

async function walk(entry: FileSystemEntry, prefix: string, out: DroppedFile<File>[], limit: number): Promise<void> {
  if (out.length >= limit) return;
  const relativePath = prefix ? `${prefix}/${entry.name}` : entry.name;
  if (entry.isFile) {
    out.push({ relativePath, file: await fileOf(entry as FileSystemFileEntry) });
    return;
  }
  if (entry.isDirectory) {
    const children = await readAll((entry as FileSystemDirectoryEntry).createReader());
    children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const child of children) await walk(child, relativePath, out, limit);
  }
}

/** Every file of a drop, folders walked recursively (up to `limit` files). */
export async function filesOfDrop(transfer: DataTransfer, limit = 50_000): Promise<DroppedFile<File>[]> {
  const entries: FileSystemEntry[] = [];
  for (const item of Array.from(transfer.items)) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry();
    if (entry) entries.push(entry);
  }
  if (entries.length === 0) {
    return Array.from(transfer.files).map((file) => ({ relativePath: file.name, file }));
  }
  const out: DroppedFile<File>[] = [];
  for (const entry of entries) await walk(entry, '', out, limit);
  return out;
}

/** Files of an <input type="file"> (with webkitdirectory, each keeps its folder path). */
export function filesOfInput(list: FileList): DroppedFile<File>[] {
  return Array.from(list).map((file) => ({ relativePath: file.webkitRelativePath || file.name, file }));
}
