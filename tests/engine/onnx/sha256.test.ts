import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256File } from '../../../main/engine/onnx/index.js';
import { REC_MODEL, removeTempDirs, tempDir } from './model-builders.js';

afterAll(removeTempDirs);

describe('sha256File', () => {
  it('matches a one-shot hash of the whole file, for a real model and an empty file', async () => {
    expect(await sha256File(REC_MODEL)).toBe(createHash('sha256').update(readFileSync(REC_MODEL)).digest('hex'));
    const empty = path.join(tempDir(), 'empty.bin');
    writeFileSync(empty, '');
    expect(await sha256File(empty)).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('rejects a missing file with a ParityError', async () => {
    await expect(sha256File(path.join(tempDir(), 'missing.onnx'))).rejects.toMatchObject({ name: 'ParityError' });
  });
});
