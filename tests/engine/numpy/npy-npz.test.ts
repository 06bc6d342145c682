import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NpyFormatError, parseNpy } from '../../../main/engine/numpy/npy.js';
import { NpzArchive } from '../../../main/engine/numpy/npz.js';

// Files written by NumPy itself (tests/fixtures/numpy/make_fixtures.py): values i·0.25 − 1 (floats), i (ints), i mod 2 (bool).
const FIXTURES = path.resolve(__dirname, '../../fixtures/numpy');
const read = async (name: string): Promise<Uint8Array> => new Uint8Array(await fs.readFile(path.join(FIXTURES, name)));
const floats = (n: number): number[] => Array.from({ length: n }, (_, i) => i * 0.25 - 1);
const ints = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('.npy files as NumPy writes them', () => {
  it.each([
    ['f4.npy', 'float32', floats(6)],
    ['f2.npy', 'float16', floats(6)],
    ['f8.npy', 'float64', floats(6)],
    ['be-f4.npy', 'float32', floats(6)],
    ['i1.npy', 'int8', ints(6)],
    ['u1.npy', 'uint8', ints(6)],
    ['i4.npy', 'int32', ints(6)],
    ['i8.npy', 'int64', ints(6)],
    ['u8.npy', 'uint64', ints(6)],
    ['b1.npy', 'bool', [0, 1, 0, 1, 0, 1]],
  ])('%s reads as %s, shape (2, 3), every value', async (file, dtype, expected) => {
    const array = parseNpy(await read(file));
    expect(array.dtype).toBe(dtype);
    expect(array.shape).toEqual([2, 3]);
    expect([...array.data]).toEqual(expected);
  });

  it('a Fortran-ordered array comes back in row-major order', async () => {
    const array = parseNpy(await read('fortran.npy'));
    expect(array.shape).toEqual([2, 3, 4]);
    expect([...array.data]).toEqual(floats(24));
  });

  it('a 0-d array has shape () and one value', async () => {
    const array = parseNpy(await read('scalar.npy'));
    expect(array.shape).toEqual([]);
    expect([...array.data]).toEqual([3.5]);
  });

  it('refuses strings, truncation and non-npy bytes, saying which', async () => {
    await expect(async () => parseNpy(await read('strings.npy'))).rejects.toThrow(/dtype "<U1" is not numeric/);
    const whole = await read('f4.npy');
    expect(() => parseNpy(whole.subarray(0, whole.length - 3))).toThrow(/truncated: shape \(2, 3\) of float32 needs 24 bytes, 21 are present/);
    expect(() => parseNpy(whole.subarray(0, 40))).toThrow(/truncated inside its header/);
    expect(() => parseNpy(new TextEncoder().encode('{"not": "numpy"}'))).toThrow(NpyFormatError);
  });

  it('refuses a header claiming billions of elements before allocating anything', async () => {
    const whole = Buffer.from(await read('f4.npy'));
    const text = whole.toString('latin1').replace('(2, 3)', '(99999, 99999)');
    expect(() => parseNpy(new Uint8Array(Buffer.from(text, 'latin1')))).toThrow(/more than \d+ elements/);
  });
});

describe('.npz archives from np.savez and np.savez_compressed', () => {
  it.each(['stored.npz', 'compressed.npz'])('%s: keys with slashes and #, each array read on demand', async (file) => {
    const archive = await NpzArchive.open(path.join(FIXTURES, file));
    try {
      expect(archive.keys()).toEqual(['a/x.png', 'a/x.png#logits', 'b.jpg']);
      expect(archive.has('b.jpg')).toBe(true);
      const logits = await archive.read('a/x.png#logits');
      expect(logits?.dtype).toBe('float16');
      expect(logits?.shape).toEqual([1, 4]);
      expect([...logits!.data]).toEqual(floats(4));
      const b = await archive.read('b.jpg');
      expect(b?.dtype).toBe('int64');
      expect([...b!.data]).toEqual([0, 1]);
      expect(await archive.read('missing.png')).toBeNull();
    } finally {
      await archive.close();
    }
  });

  it('refuses a file that is no ZIP archive, and a truncated one', async () => {
    await expect(NpzArchive.open(path.join(FIXTURES, 'f4.npy'))).rejects.toThrow(/not a ZIP archive/);
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'npz-'));
    try {
      const whole = await fs.readFile(path.join(FIXTURES, 'stored.npz'));
      const cut = path.join(dir, 'cut.npz');
      await fs.writeFile(cut, whole.subarray(0, whole.length - 30));
      await expect(NpzArchive.open(cut)).rejects.toThrow(NpyFormatError);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
