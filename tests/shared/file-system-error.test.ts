/** Node's file-system errors become ParityErrors that name the path; other errors are left alone. */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileSystemError, toErrorData } from '../../shared/errors.js';

async function thrownBy(action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the action to throw');
}

describe('fileSystemError', () => {
  it('names the path of real ENOTDIR, EEXIST, EISDIR and ENOENT failures as BAD_OPTION with a hint', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'parity-fs-error-'));
    try {
      const file = path.join(dir, 'file.txt');
      await fs.writeFile(file, 'x');
      const cases: Array<[() => Promise<unknown>, string, RegExp]> = [
        [() => fs.writeFile(path.join(file, 'inside.json'), '{}'), 'ENOTDIR', /file\.txt\/inside\.json runs through a file/],
        [() => fs.mkdir(file), 'EEXIST', /file\.txt already exists as a file/],
        [() => fs.writeFile(dir, 'x'), 'EISDIR', /is a folder where a file is needed/],
        [() => fs.readFile(path.join(dir, 'missing')), 'ENOENT', /missing does not exist/],
      ];
      for (const [action, code, message] of cases) {
        const error = fileSystemError(await thrownBy(action));
        expect(error?.code).toBe('BAD_OPTION');
        expect(error?.details?.code).toBe(code);
        expect(error?.message).toMatch(message);
        expect(error?.hint).toBeTruthy();
      }
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('leaves errors without a code and path to the caller, and toErrorData keeps them INTERNAL', () => {
    expect(fileSystemError(new Error('plain'))).toBeNull();
    expect(fileSystemError('text')).toBeNull();
    expect(toErrorData(new Error('plain'))).toEqual({ code: 'INTERNAL', message: 'plain' });
    const enospc = Object.assign(new Error('no space'), { code: 'ENOSPC', path: '/full/disk/report.json' });
    expect(toErrorData(enospc)).toMatchObject({ code: 'IO_ERROR', message: 'The disk is full: /full/disk/report.json could not be written.' });
  });
});
