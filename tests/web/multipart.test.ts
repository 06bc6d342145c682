import { describe, expect, it } from 'vitest';
import { MultipartParser, multipartBoundary, type MultipartEvent } from '../../main/web/multipart.js';
import { sanitiseUploadPath } from '../../main/web/upload-path.js';
import { ParityError } from '../../shared/errors.js';

/** The exact bytes Node's (undici's) FormData encoder produces, as a browser's would be. */
async function encode(form: FormData): Promise<{ body: Buffer; boundary: string }> {
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  const boundary = multipartBoundary(request.headers.get('content-type') ?? undefined);
  if (!boundary) throw new Error('no boundary');
  return { body: Buffer.from(await request.arrayBuffer()), boundary };
}

function collect(parser: MultipartParser, chunks: Buffer[]): Array<{ name: string; filename: string | null; bytes: Buffer }> {
  const parts: Array<{ name: string; filename: string | null; data: Buffer[] }> = [];
  const events: MultipartEvent[] = chunks.flatMap((c) => parser.push(c));
  for (const event of events) {
    if (event.type === 'part') parts.push({ name: event.name, filename: event.filename, data: [] });
    else if (event.type === 'data') parts[parts.length - 1]!.data.push(Buffer.from(event.chunk));
  }
  expect(parser.finished).toBe(true);
  return parts.map((p) => ({ name: p.name, filename: p.filename, bytes: Buffer.concat(p.data) }));
}

describe('MultipartParser', () => {
  it('recovers every file exactly, however the bytes are split, even with boundary-like content', async () => {
    const tricky = Buffer.from('line\r\n--not-the-boundary\r\n\r\n--\r\n-');
    const binary = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 37) % 256));
    const form = new FormData();
    form.append('file', new Blob([tricky]), encodeURIComponent('a/b c.txt'));
    form.append('note', 'a text field');
    form.append('file', new Blob([binary]), 'bin.dat');
    form.append('file', new Blob([]), 'empty.txt');
    const { body, boundary } = await encode(form);
    for (const size of [1, 2, 7, 64, 1000, body.length]) {
      const chunks: Buffer[] = [];
      for (let at = 0; at < body.length; at += size) chunks.push(body.subarray(at, at + size));
      const parts = collect(new MultipartParser(boundary), chunks);
      expect(parts.map((p) => [p.name, p.filename])).toEqual([
        ['file', encodeURIComponent('a/b c.txt')],
        ['note', null],
        ['file', 'bin.dat'],
        ['file', 'empty.txt'],
      ]);
      expect(parts[0]!.bytes.equals(tricky)).toBe(true);
      expect(parts[1]!.bytes.toString()).toBe('a text field');
      expect(parts[2]!.bytes.equals(binary)).toBe(true);
      expect(parts[3]!.bytes.length).toBe(0);
    }
  });

  it('refuses malformed input with a typed error', () => {
    const parser = new MultipartParser('XYZ');
    expect(() => parser.push(Buffer.from('--XYZ\r\nContent-Type: text/plain\r\n\r\nbody\r\n--XYZ--'))).toThrow(ParityError);
    const endless = new MultipartParser('XYZ', 100);
    expect(() => endless.push(Buffer.from(`--XYZ\r\n${'X-Long: y\r\n'.repeat(20)}`))).toThrow(/headers too long/);
  });

  it('reads the boundary of a multipart Content-Type only', () => {
    expect(multipartBoundary('multipart/form-data; boundary=----abc123')).toBe('----abc123');
    expect(multipartBoundary('multipart/form-data; boundary="quoted b"')).toBe('quoted b');
    expect(multipartBoundary('application/json')).toBeNull();
    expect(multipartBoundary(undefined)).toBeNull();
  });
});

describe('sanitiseUploadPath', () => {
  it('keeps ordinary relative paths and cleans odd characters', () => {
    expect(sanitiseUploadPath(encodeURIComponent('set/0/img 1.png'))).toEqual(['set', '0', 'img 1.png']);
    expect(sanitiseUploadPath(encodeURIComponent('a\\b.png'))).toEqual(['a', 'b.png']);
    expect(sanitiseUploadPath(encodeURIComponent('/abs/x.png'))).toEqual(['abs', 'x.png']);
    expect(sanitiseUploadPath(encodeURIComponent('CON.txt'))).toEqual(['_CON.txt']);
    expect(sanitiseUploadPath(encodeURIComponent('C:/x.png'))).toEqual(['C_', 'x.png']);
    expect(sanitiseUploadPath(encodeURIComponent('trailing. '))).toEqual(['trailing']);
  });
  it.each(['..', '../x', 'a/../../x', './x', '%E0%A4%A', '', '...', Array.from({ length: 40 }, () => 'd').join('/')])('refuses %j', (raw) => {
    expect(sanitiseUploadPath(raw.startsWith('%') ? raw : encodeURIComponent(raw))).toBeNull();
  });
});
