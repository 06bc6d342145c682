import type { IncomingMessage } from 'node:http';
import { ParityError } from '../../shared/errors.js';

/**
 * Reads a small JSON request body, refusing anything larger than `limit` as soon as it is known (Content-Length
 * or bytes read). JSON only: a cross-site form can send text/plain without a preflight, never application/json.
 */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new ParityError('BAD_OPTION', 'The API takes JSON bodies (Content-Type: application/json).', undefined, { reason: 'content-type' });
  }
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ParityError('BAD_OPTION', 'The request body is not valid JSON.');
  }
}

function tooLarge(limit: number): ParityError {
  return new ParityError('BAD_OPTION', `The request body exceeds ${limit} bytes.`, undefined, { reason: 'too-large' });
}
