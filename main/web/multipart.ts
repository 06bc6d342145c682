/**
 * A streaming multipart/form-data parser (RFC 7578): bytes in, part boundaries and body slices out, holding at
 * most one delimiter's length of body plus one header block in memory whatever the size of the upload.
 */
import { ParityError } from '../../shared/errors.js';

export type MultipartEvent =
  | { type: 'part'; name: string; filename: string | null }
  | { type: 'data'; chunk: Buffer }
  | { type: 'end-part' }
  | { type: 'done' };

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

type State = 'preamble' | 'after-delimiter' | 'headers' | 'body' | 'done';

/** The boundary of a multipart/form-data Content-Type, or null. */
export function multipartBoundary(contentType: string | undefined): string | null {
  if (!contentType || !/^multipart\/form-data\s*;/i.test(contentType)) return null;
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^;\s]{1,70}))/i.exec(contentType);
  return match ? (match[1] ?? match[2] ?? null) : null;
}

function malformed(message: string): ParityError {
  return new ParityError('BAD_OPTION', `Malformed upload: ${message}.`, undefined, { reason: 'malformed' });
}

function headerParam(line: string, name: string): string | null {
  const match = new RegExp(`;\\s*${name}="([^"]*)"`, 'i').exec(line) ?? new RegExp(`;\\s*${name}=([^;\\s"]+)`, 'i').exec(line);
  return match ? (match[1] as string) : null;
}

export class MultipartParser {
  private buffer: Buffer = Buffer.from(CRLF);
  private state: State = 'preamble';
  private readonly delimiter: Buffer;

  constructor(
    boundary: string,
    private readonly maxHeaderBytes = 16 * 1024,
  ) {
    // Every delimiter is CRLF--boundary; the buffer starts with a CRLF so that the first one matches too.
    this.delimiter = Buffer.from(`\r\n--${boundary}`);
  }

  get finished(): boolean {
    return this.state === 'done';
  }

  push(chunk: Buffer): MultipartEvent[] {
    if (this.state === 'done') return [];
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const events: MultipartEvent[] = [];
    while (this.step(events)) {
      // keep stepping while a state makes progress
    }
    return events;
  }

  private step(events: MultipartEvent[]): boolean {
    const keep = this.delimiter.length - 1;
    switch (this.state) {
      case 'preamble': {
        const at = this.buffer.indexOf(this.delimiter);
        if (at < 0) {
          if (this.buffer.length > keep) this.buffer = this.buffer.subarray(this.buffer.length - keep);
          return false;
        }
        this.buffer = this.buffer.subarray(at + this.delimiter.length);
        this.state = 'after-delimiter';
        return true;
      }
      case 'after-delimiter': {
        if (this.buffer.length < 2) return false;
        if (this.buffer[0] === 0x2d && this.buffer[1] === 0x2d) {
          this.state = 'done';
          this.buffer = Buffer.alloc(0);
          events.push({ type: 'done' });
          return false;
        }
        if (this.buffer[0] !== 0x0d || this.buffer[1] !== 0x0a) throw malformed('no line break after a boundary');
        this.buffer = this.buffer.subarray(2);
        this.state = 'headers';
        return true;
      }
      case 'headers': {
        const at = this.buffer.indexOf(HEADER_END);
        if (at < 0) {
          if (this.buffer.length > this.maxHeaderBytes) throw malformed('part headers too long');
          return false;
        }
        if (at > this.maxHeaderBytes) throw malformed('part headers too long');
        const lines = this.buffer.subarray(0, at).toString('utf8').split('\r\n');
        this.buffer = this.buffer.subarray(at + HEADER_END.length);
        const disposition = lines.find((l) => /^content-disposition:/i.test(l));
        if (!disposition || !/^content-disposition:\s*form-data\s*;/i.test(disposition)) throw malformed('a part without form-data disposition');
        const name = headerParam(disposition, 'name');
        if (name === null) throw malformed('a part without a name');
        events.push({ type: 'part', name, filename: headerParam(disposition, 'filename') });
        this.state = 'body';
        return true;
      }
      case 'body': {
        const at = this.buffer.indexOf(this.delimiter);
        if (at < 0) {
          const safe = this.buffer.length - keep;
          if (safe > 0) {
            events.push({ type: 'data', chunk: this.buffer.subarray(0, safe) });
            this.buffer = this.buffer.subarray(safe);
          }
          return false;
        }
        if (at > 0) events.push({ type: 'data', chunk: this.buffer.subarray(0, at) });
        events.push({ type: 'end-part' });
        this.buffer = this.buffer.subarray(at + this.delimiter.length);
        this.state = 'after-delimiter';
        return true;
      }
      case 'done':
        return false;
    }
  }
}
