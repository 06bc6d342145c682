/**
 * POST /api/upload: dropped files streamed into a fresh folder <dataDir>/uploads/<id>/, keeping the relative
 * paths of dropped folders. Limits per file, per request and on the number of files; on any failure the folder
 * is removed, so a refused upload leaves nothing behind.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, promises as fs, type WriteStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { UPLOAD_FILE_FIELD } from '../../shared/contract/host-channels.js';
import { ParityError } from '../../shared/errors.js';
import { isInside } from '../host/index.js';
import { MultipartParser, multipartBoundary } from './multipart.js';
import { sanitiseUploadPath } from './upload-path.js';

export interface UploadLimits {
  fileBytes: number;
  requestBytes: number;
  files: number;
}

export const UPLOAD_KINDS = ['model', 'images', 'labels', 'preprocess'] as const;
export type UploadKind = (typeof UPLOAD_KINDS)[number];

export interface UploadResult {
  root: string;
  paths: string[];
}

function tooLarge(message: string): ParityError {
  return new ParityError('BAD_OPTION', message, 'Upload fewer or smaller files, or type the path of the files on the server.', { reason: 'too-large' });
}

/** Streams one multipart request into a new upload folder and returns the folder and the files written. */
export async function receiveUpload(req: IncomingMessage, uploadsRoot: string, limits: UploadLimits): Promise<UploadResult> {
  const boundary = multipartBoundary(req.headers['content-type']);
  if (!boundary) throw new ParityError('BAD_OPTION', 'Uploads must be multipart/form-data.', undefined, { reason: 'content-type' });
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limits.requestBytes) {
    throw tooLarge(`The upload is ${declared} bytes; the limit per upload is ${limits.requestBytes} bytes.`);
  }
  const root = path.join(uploadsRoot, `${new Date().toISOString().slice(0, 10)}-${randomBytes(8).toString('hex')}`);
  await fs.mkdir(root, { recursive: true });
  const parser = new MultipartParser(boundary);
  const paths: string[] = [];
  let current: { stream: WriteStream; file: string; bytes: number } | null = null;
  let skipping = false;
  let total = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > limits.requestBytes) throw tooLarge(`The upload exceeds the limit of ${limits.requestBytes} bytes per upload.`);
      for (const event of parser.push(chunk)) {
        if (event.type === 'part') {
          skipping = event.name !== UPLOAD_FILE_FIELD || event.filename === null;
          if (skipping) continue;
          if (paths.length >= limits.files) throw tooLarge(`An upload may hold at most ${limits.files} files.`);
          const segments = sanitiseUploadPath(event.filename ?? '');
          if (!segments) throw new ParityError('BAD_OPTION', `The file name "${(event.filename ?? '').slice(0, 100)}" is not allowed.`, 'Names may not contain "." or ".." folders.');
          const file = path.join(root, ...segments);
          if (!isInside(root, file) || file === root) throw new ParityError('BAD_OPTION', 'A file name points outside the upload folder.');
          await fs.mkdir(path.dirname(file), { recursive: true });
          // 'wx': never overwrite or follow anything already there (two parts with one name are refused).
          const stream = createWriteStream(file, { flags: 'wx' });
          await once(stream, 'open');
          current = { stream, file, bytes: 0 };
        } else if (event.type === 'data') {
          if (skipping || !current) continue;
          current.bytes += event.chunk.length;
          if (current.bytes > limits.fileBytes) {
            throw tooLarge(`${path.basename(current.file)} exceeds the limit of ${limits.fileBytes} bytes per file.`);
          }
          if (!current.stream.write(event.chunk)) await once(current.stream, 'drain');
        } else if (event.type === 'end-part') {
          if (current) {
            const done = current;
            current = null;
            done.stream.end();
            await once(done.stream, 'close');
            paths.push(done.file);
          }
          skipping = false;
        }
      }
    }
    if (!parser.finished) throw new ParityError('BAD_OPTION', 'The upload ended before its last part.', 'Try again.', { reason: 'malformed' });
    if (paths.length === 0) throw new ParityError('BAD_OPTION', 'The upload holds no files.', `Send each file as a "${UPLOAD_FILE_FIELD}" part.`);
    return { root, paths };
  } catch (error) {
    const open = current as { stream: WriteStream } | null;
    open?.stream.destroy();
    await fs.rm(root, { recursive: true, force: true }).catch(() => undefined);
    if (error instanceof ParityError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new ParityError('BAD_OPTION', 'The upload names the same file twice.');
    throw new ParityError('IO_ERROR', `The upload could not be stored: ${error instanceof Error ? error.message : String(error)}`);
  }
}
