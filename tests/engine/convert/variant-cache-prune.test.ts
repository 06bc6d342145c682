import { mkdirSync, existsSync, writeFileSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pruneVariantCache } from '../../../main/engine/convert/variant-cache-prune.js';
import { removeScratchDirs, scratchDir } from '../../helpers/cli.js';

afterAll(removeScratchDirs);

describe('the variant cache bound', () => {
  it('removes least recently used variants until the cache fits, never the one in use', async () => {
    const root = scratchDir('parity-variants-');
    const folders = ['a', 'b', 'c', 'd'].map((name, i) => {
      const dir = path.join(root, name);
      mkdirSync(dir);
      writeFileSync(path.join(dir, 'model.onnx'), Buffer.alloc(1000));
      writeFileSync(path.join(dir, '.last-used'), '');
      const when = new Date(Date.UTC(2026, 0, 1 + i));
      utimesSync(path.join(dir, '.last-used'), when, when);
      return dir;
    });
    // 'a' is the oldest but in use; 'b' and 'c' go, 'd' (newest) stays.
    const removed = await pruneVariantCache(root, folders[0]!, 2000);
    expect(removed.map((d) => path.basename(d))).toEqual(['b', 'c']);
    expect(folders.map((d) => existsSync(d))).toEqual([true, false, false, true]);
    expect(await pruneVariantCache(root, folders[0]!, 2000)).toEqual([]);
  });
});
