import { createReadStream, promises as fs } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { contentTypeFor } from '../host/index.js';

/** Streams a regular file with its content type and extra headers; false when it is not a regular file. */
export async function sendFile(res: ServerResponse, file: string, headers: Record<string, string>, head = false): Promise<boolean> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch {
    return false;
  }
  if (!stat.isFile()) return false;
  res.writeHead(200, { 'Content-Type': contentTypeFor(file), 'Content-Length': stat.size, ...headers });
  if (head) {
    res.end();
    return true;
  }
  await pipeline(createReadStream(file), res).catch(() => res.destroy());
  return true;
}
