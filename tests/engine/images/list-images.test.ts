import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listImages, sniffImageFormat } from '../../../main/engine/images/index.js';
import { ParityError } from '../../../shared/errors.js';
import { makeTempDir, rawSharp, solidImage } from './fixtures.js';

let root: string;
let outside: string;
const cleanups: Array<() => Promise<void>> = [];

async function put(rel: string, content: Buffer | string): Promise<void> {
  const file = path.join(root, ...rel.split('/'));
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
}

beforeAll(async () => {
  const a = await makeTempDir('list');
  const b = await makeTempDir('outside');
  root = a.dir;
  outside = b.dir;
  cleanups.push(a.cleanup, b.cleanup);
  const img = rawSharp(solidImage(3, 2, [1, 2, 3]));
  const png = await img.clone().png().toBuffer();
  await put('top.png', png);
  await put('labels.txt', 'cat\ndog\n');
  await put('cat/b.png', png);
  await put('cat/sub/a.jpg', await img.clone().jpeg().toBuffer());
  await put('cat/c.webp', await img.clone().webp().toBuffer());
  await put('dog/d.gif', await img.clone().gif().toBuffer());
  await put('dog/e.tif', await img.clone().tiff().toBuffer());
  await put('dog/f.avif', await img.clone().avif().toBuffer());
  await put('dog/readme.txt', 'not an image');
  await put('dog/fake.jpg', 'plain text with a .jpg name');
  await put('dog/empty.png', Buffer.alloc(0));
  await put('dog/.hidden.png', png);
  await put('.cache/g.png', png);
  await put('dog/bitmap.bmp', Buffer.concat([Buffer.from('BM'), Buffer.alloc(60)]));
  await writeFile(path.join(outside, 'secret.png'), png);
  await symlink(path.join(outside, 'secret.png'), path.join(root, 'dog', 'escape.png'));
  await symlink(path.join(root, 'cat', 'b.png'), path.join(root, 'dog', 'alias.png'));
  await symlink(root, path.join(root, 'dog', 'loop'));
  await symlink(path.join(root, 'nowhere.png'), path.join(root, 'dog', 'broken.png'));
});

afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

describe('listImages', () => {
  it('labels images by their class folder and skips root files, non-images, hidden files and escaping links', async () => {
    const { entries, skipped } = await listImages(root, { withLabels: true });
    expect(entries.map((e) => [e.relPath, e.label, e.format])).toEqual([
      ['cat/b.png', 'cat', 'png'],
      ['cat/c.webp', 'cat', 'webp'],
      ['cat/sub/a.jpg', 'cat', 'jpeg'],
      ['dog/alias.png', 'dog', 'png'],
      ['dog/d.gif', 'dog', 'gif'],
      ['dog/e.tif', 'dog', 'tiff'],
      ['dog/f.avif', 'dog', 'avif'],
    ]);
    expect(entries.every((e) => path.isAbsolute(e.absPath) && e.absPath.endsWith(e.relPath.split('/').join(path.sep)))).toBe(true);
    const reasons = Object.fromEntries(skipped.map((s) => [s.path, s.reason]));
    expect(Object.keys(reasons)).toEqual([
      '.cache',
      'dog/.hidden.png',
      'dog/bitmap.bmp',
      'dog/broken.png',
      'dog/empty.png',
      'dog/escape.png',
      'dog/fake.jpg',
      'dog/loop',
      'dog/readme.txt',
      'labels.txt',
      'top.png',
    ]);
    expect(reasons['labels.txt']).toMatch(/not an image/);
    expect(reasons['top.png']).toMatch(/image not inside a class folder/);
    expect(reasons['dog/empty.png']).toMatch(/empty/);
    expect(reasons['dog/escape.png']).toMatch(/outside/);
    expect(reasons['dog/broken.png']).toMatch(/broken/);
    expect(reasons['dog/loop']).toMatch(/already listed/);
    expect(reasons['dog/fake.jpg']).toMatch(/not an image/);
    expect(reasons['dog/bitmap.bmp']).toMatch(/BMP/);
    expect(reasons['.cache']).toMatch(/hidden/);
  });

  it('without labels lists root files too, with a null label', async () => {
    const { entries } = await listImages(root, { withLabels: false });
    expect(entries.map((e) => e.relPath)).toContain('top.png');
    expect(entries.every((e) => e.label === null)).toBe(true);
    expect(entries.map((e) => e.relPath)).toEqual([...entries.map((e) => e.relPath)].sort());
  });

  it('maxImages spreads the picks over the sorted list so every class appears', async () => {
    const { entries } = await listImages(root, { withLabels: true, maxImages: 2 });
    expect(entries.map((e) => e.label)).toEqual(['cat', 'dog']);
    const again = await listImages(root, { withLabels: true, maxImages: 2 });
    expect(again.entries).toEqual(entries);
  });

  it('fails with NO_IMAGES for a missing folder and BAD_OPTION for a bad maxImages', async () => {
    await expect(listImages(path.join(root, 'missing'), { withLabels: false })).rejects.toMatchObject({ code: 'NO_IMAGES' });
    await expect(listImages(path.join(root, 'top.png'), { withLabels: false })).rejects.toMatchObject({ code: 'NO_IMAGES' });
    await expect(listImages(root, { withLabels: false, maxImages: 0 })).rejects.toBeInstanceOf(ParityError);
  });
});

describe('sniffImageFormat', () => {
  it('recognises signatures without decoding', () => {
    const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);
    const ascii = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'latin1'));
    expect(sniffImageFormat(bytes(0xff, 0xd8, 0xff, 0xe0))).toEqual({ kind: 'image', format: 'jpeg' });
    expect(sniffImageFormat(ascii('RIFF\0\0\0\0WEBPVP8 '))).toEqual({ kind: 'image', format: 'webp' });
    expect(sniffImageFormat(ascii('RIFF\0\0\0\0WAVEfmt '))).toMatchObject({ kind: 'other' });
    expect(sniffImageFormat(ascii('\0\0\0\x1cftypavif\0\0\0\0avifmif1miaf'))).toEqual({ kind: 'image', format: 'avif' });
    expect(sniffImageFormat(ascii('\0\0\0\x18ftypheic\0\0\0\0mif1heic'))).toMatchObject({ kind: 'other', reason: expect.stringMatching(/HEIC/) });
    expect(sniffImageFormat(ascii('\0\0\0\x18ftypisom\0\0\0\0isomiso2'))).toMatchObject({ kind: 'other' });
    expect(sniffImageFormat(ascii('MM\0*\0\0\0\x08'))).toEqual({ kind: 'image', format: 'tiff' });
    expect(sniffImageFormat(ascii('%PDF-1.7'))).toMatchObject({ kind: 'other', reason: expect.stringMatching(/PDF/) });
    expect(sniffImageFormat(new Uint8Array(0))).toMatchObject({ kind: 'other', reason: expect.stringMatching(/empty/) });
  });
});
