import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../main/engine/io/atomic-write.js';
import {
  backupPathNextTo,
  isTempFileName,
  makeTempDir,
  removeOrphanTempFiles,
  tempPathNextTo,
  withTempDir,
} from '../../../main/engine/io/temp-files.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'parity-temp-files-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('temp file names', () => {
  it('sit next to their target, hidden, and are recognised by name', () => {
    const target = path.join(root, 'report.json');
    const temp = tempPathNextTo(target);
    expect(path.dirname(temp)).toBe(root);
    expect(path.basename(temp)).toMatch(new RegExp(`^\\.report\\.json\\.${process.pid}\\.[0-9a-f]{8}\\.tmp$`));
    expect(isTempFileName(path.basename(temp))).toBe(true);
    expect(isTempFileName(path.basename(tempPathNextTo(path.join(root, 'model.onnx'), '.onnx')))).toBe(true);
    expect(tempPathNextTo(target)).not.toBe(temp);
  });

  it('never take a user file, a backup or a name without the pid and random part for a temp file', () => {
    for (const name of ['report.json', 'notes.tmp', '.notes.tmp', '.report.json.tmp', '.a.12.abc.tmp', 'a.123.0123abcd.tmp', path.basename(backupPathNextTo(path.join(root, 'm.onnx.data')))]) {
      expect(isTempFileName(name), name).toBe(false);
    }
  });
});

/** The pid of a process that has exited: what a killed writer leaves in its temp files' names. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid;
}

/** A temp name as the process `pid` would have made it. */
function tempNameOf(target: string, pid: number, extension = ''): string {
  return path.basename(tempPathNextTo(target, extension)).replace(`.${process.pid}.`, `.${pid}.`);
}

describe('orphan cleanup', () => {
  it('removes the temp files a killed write left and nothing else', async () => {
    const dir = mkdtempSync(path.join(root, 'run-'));
    const dead = deadPid();
    const keep = [
      'report.json',
      'checkpoint.json',
      '.hidden-user-file',
      path.basename(backupPathNextTo(path.join(dir, 'x.data'))).replace(`.${process.pid}.`, `.${dead}.`),
      // Writes in progress in live processes (this one, and its parent) are not orphans.
      path.basename(tempPathNextTo(path.join(dir, 'report.html'))),
      tempNameOf('report.csv', process.ppid),
    ];
    for (const name of keep) writeFileSync(path.join(dir, name), 'keep');
    const orphans = [tempNameOf('report.json', dead), tempNameOf('checkpoint.json', dead), tempNameOf('m.onnx', dead, '.onnx')];
    for (const name of orphans) writeFileSync(path.join(dir, name), 'half a write');
    expect(await removeOrphanTempFiles(dir)).toBe(3);
    expect(readdirSync(dir).sort()).toEqual([...keep].sort());
  });

  it('counts nothing in a folder that does not exist', async () => {
    expect(await removeOrphanTempFiles(path.join(root, 'absent'))).toBe(0);
  });

  it('an atomic write leaves only its target', async () => {
    const dir = mkdtempSync(path.join(root, 'atomic-'));
    await writeFileAtomic(path.join(dir, 'a.json'), '{}');
    expect(readdirSync(dir)).toEqual(['a.json']);
  });
});

describe('temp folders', () => {
  it('are made under the OS temp folder, or hidden next to an output', async () => {
    const global = await makeTempDir('test');
    expect(path.dirname(global)).toBe(os.tmpdir());
    expect(path.basename(global)).toMatch(/^parity-test-/);
    const near = await makeTempDir('convert', root);
    expect(path.dirname(near)).toBe(root);
    expect(path.basename(near)).toMatch(/^\.parity-convert-/);
    rmSync(global, { recursive: true });
    rmSync(near, { recursive: true });
  });

  it('withTempDir removes its folder after the work, and after a failure', async () => {
    let seen = '';
    const result = await withTempDir('test', async (dir) => {
      seen = dir;
      writeFileSync(path.join(dir, 'f'), 'x');
      return 42;
    });
    expect(result).toBe(42);
    expect(existsSync(seen)).toBe(false);
    await expect(
      withTempDir('test', async (dir) => {
        seen = dir;
        throw new Error('work failed');
      }),
    ).rejects.toThrow('work failed');
    expect(existsSync(seen)).toBe(false);
  });
});
