/**
 * NumPy's .npz archives (np.savez, np.savez_compressed): a ZIP file with one .npy member per array. The central
 * directory is read once (ZIP64 included, as NumPy writes its members with ZIP64 headers), and each member is read
 * from disk only when asked for, so an archive of thousands of images' outputs costs memory for one at a time.
 */
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { inflateRawSync } from 'node:zlib';
import { NpyFormatError, parseNpy, type NpyArray } from './npy.js';

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** A central directory above this size is refused (it would describe millions of members). */
const MAX_DIRECTORY_BYTES = 256 * 1024 * 1024;
/** A member above this size is refused (4 GiB of float32 is a billion elements). */
const MAX_MEMBER_BYTES = 4 * 1024 * 1024 * 1024;

interface Member {
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  if (bytesRead !== length) throw new NpyFormatError('the archive is truncated');
  return buffer;
}

function u64(buffer: Buffer, at: number): number {
  const value = buffer.readBigUInt64LE(at);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new NpyFormatError('the archive declares a size beyond what a file can hold');
  return Number(value);
}

/** Where the central directory is, from the end-of-central-directory record (or its ZIP64 form). */
async function findDirectory(handle: FileHandle, fileSize: number): Promise<{ offset: number; size: number }> {
  const tailLength = Math.min(fileSize, 22 + 0xffff);
  const tail = await readAt(handle, fileSize - tailLength, tailLength);
  let at = -1;
  for (let i = tailLength - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      at = i;
      break;
    }
  }
  if (at < 0) throw new NpyFormatError('it is not a ZIP archive (no end-of-directory record): .npz files are written by np.savez');
  let offset = tail.readUInt32LE(at + 16);
  let size = tail.readUInt32LE(at + 12);
  if ((offset === 0xffffffff || size === 0xffffffff) && at >= 20 && tail.readUInt32LE(at - 20) === ZIP64_LOCATOR) {
    const recordAt = u64(tail, at - 20 + 8);
    const record = await readAt(handle, recordAt, 56);
    if (record.readUInt32LE(0) !== ZIP64_EOCD) throw new NpyFormatError('its ZIP64 end-of-directory record is damaged');
    size = u64(record, 40);
    offset = u64(record, 48);
  }
  if (size > MAX_DIRECTORY_BYTES || offset + size > fileSize) throw new NpyFormatError('its central directory lies outside the file');
  return { offset, size };
}

/** Sizes and offset from a ZIP64 extended-information extra field, for the values the header left at 0xFFFFFFFF. */
function zip64Values(extra: Buffer, wanted: { size: boolean; compressed: boolean; offset: boolean }): { size?: number; compressed?: number; offset?: number } {
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    if (id === 0x0001) {
      let p = at + 4;
      const out: { size?: number; compressed?: number; offset?: number } = {};
      const take = (): number => {
        if (p + 8 > at + 4 + length) throw new NpyFormatError('its ZIP64 extra field is too short');
        const v = u64(extra, p);
        p += 8;
        return v;
      };
      if (wanted.size) out.size = take();
      if (wanted.compressed) out.compressed = take();
      if (wanted.offset) out.offset = take();
      return out;
    }
    at += 4 + length;
  }
  throw new NpyFormatError('a member needs ZIP64 sizes but has no ZIP64 extra field');
}

function parseDirectory(directory: Buffer): Map<string, Member> {
  const members = new Map<string, Member>();
  for (let at = 0; at + 46 <= directory.length; ) {
    if (directory.readUInt32LE(at) !== CENTRAL) throw new NpyFormatError('its central directory is damaged');
    const flags = directory.readUInt16LE(at + 8);
    const method = directory.readUInt16LE(at + 10);
    let compressedSize = directory.readUInt32LE(at + 20);
    let size = directory.readUInt32LE(at + 24);
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    let localOffset = directory.readUInt32LE(at + 42);
    const end = at + 46 + nameLength + extraLength + commentLength;
    if (end > directory.length) throw new NpyFormatError('its central directory is truncated');
    const name = directory.subarray(at + 46, at + 46 + nameLength).toString(flags & 0x800 ? 'utf8' : 'latin1');
    const wanted = { size: size === 0xffffffff, compressed: compressedSize === 0xffffffff, offset: localOffset === 0xffffffff };
    if (wanted.size || wanted.compressed || wanted.offset) {
      const big = zip64Values(directory.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength), wanted);
      size = big.size ?? size;
      compressedSize = big.compressed ?? compressedSize;
      localOffset = big.offset ?? localOffset;
    }
    if (flags & 0x1) throw new NpyFormatError(`its member ${name} is encrypted`);
    members.set(name, { method, compressedSize, size, localOffset });
    at = end;
  }
  return members;
}

/** An open .npz archive: member names, and each array read on demand. */
export class NpzArchive {
  private constructor(
    readonly file: string,
    private readonly handle: FileHandle,
    private readonly fileSize: number,
    private readonly members: Map<string, Member>,
  ) {}

  /** Opens `file` and reads its central directory; NpyFormatError when it is no readable ZIP archive. */
  static async open(file: string): Promise<NpzArchive> {
    const handle = await fs.open(file, 'r');
    try {
      const { size: fileSize } = await handle.stat();
      const where = await findDirectory(handle, fileSize);
      const members = parseDirectory(await readAt(handle, where.offset, where.size));
      return new NpzArchive(file, handle, fileSize, members);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** The arrays' keys, as np.load names them (member names without ".npy"), in archive order. */
  keys(): string[] {
    return [...this.members.keys()].filter((n) => n.endsWith('.npy')).map((n) => n.slice(0, -4));
  }

  has(key: string): boolean {
    return this.members.has(`${key}.npy`);
  }

  /** Reads the array saved under `key`; null when the archive has none. */
  async read(key: string): Promise<NpyArray | null> {
    const member = this.members.get(`${key}.npy`);
    if (!member) return null;
    if (member.size > MAX_MEMBER_BYTES || member.compressedSize > MAX_MEMBER_BYTES) throw new NpyFormatError(`its member ${key} is larger than 4 GiB`);
    const local = await readAt(this.handle, member.localOffset, 30);
    if (local.readUInt32LE(0) !== LOCAL) throw new NpyFormatError(`its member ${key} has no local header where the directory says`);
    const dataAt = member.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    if (dataAt + member.compressedSize > this.fileSize) throw new NpyFormatError(`its member ${key} runs past the end of the file`);
    const stored = await readAt(this.handle, dataAt, member.compressedSize);
    let bytes: Buffer;
    if (member.method === 0) bytes = stored;
    else if (member.method === 8) {
      try {
        bytes = inflateRawSync(stored, { maxOutputLength: Math.max(1, member.size) });
      } catch (error) {
        throw new NpyFormatError(`its member ${key} does not inflate: ${error instanceof Error ? error.message : String(error)}`);
      }
    } else throw new NpyFormatError(`its member ${key} uses ZIP compression method ${member.method} (stored and deflate are read)`);
    if (bytes.length !== member.size) throw new NpyFormatError(`its member ${key} holds ${bytes.length} bytes, the directory says ${member.size}`);
    return parseNpy(bytes);
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
