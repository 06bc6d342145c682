import { mkdirSync, mkdtempSync, promises as fs, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appFileFor, runAssetFileFor } from '../../main/electron/protocol-paths.js';
import { RunFolders } from '../../main/host/run-folders.js';
import { RunIndex } from '../../main/host/run-index.js';
import { desktopRunAssetUrl } from '../../shared/contract/host-channels.js';

const base = mkdtempSync(path.join(os.tmpdir(), 'parity-protocols-'));
const rendererDir = path.join(base, 'renderer');
const dataDir = path.join(base, 'data');
const runDir = path.join(dataDir, 'runs', '20260101-000000-a-vs-b');
const secret = path.join(base, 'secret.txt');
mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
mkdirSync(path.join(runDir, 'thumbs'), { recursive: true });
writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html>');
writeFileSync(path.join(rendererDir, 'assets', 'app.js'), '// app');
writeFileSync(path.join(runDir, 'report.json'), '{}');
writeFileSync(path.join(runDir, 'report.html'), '<html>report</html>');
writeFileSync(path.join(runDir, 'thumbs', 'a b.png'), 'png');
writeFileSync(secret, 'secret');
// A drift check's folder (drift.json, drift.html, thumbs/) and a folder in runs/ that is no run at all.
const driftDir = path.join(dataDir, 'runs', '20260101-000000-drift-week18');
mkdirSync(path.join(driftDir, 'thumbs'), { recursive: true });
writeFileSync(path.join(driftDir, 'drift.json'), '{}');
writeFileSync(path.join(driftDir, 'drift.html'), '<html>drift</html>');
writeFileSync(path.join(driftDir, 'thumbs', 'f.jpg'), 'jpg');
mkdirSync(path.join(dataDir, 'runs', 'not-a-run'), { recursive: true });
writeFileSync(path.join(dataDir, 'runs', 'not-a-run', 'notes.txt'), 'notes');
symlinkSync(secret, path.join(runDir, 'thumbs', 'link.png'));
symlinkSync(secret, path.join(rendererDir, 'assets', 'leak.js'));
const runs = new RunFolders(path.join(dataDir, 'runs'), new RunIndex(dataDir));
const real = (p: string): Promise<string> => fs.realpath(p);

afterAll(() => fs.rm(base, { recursive: true, force: true }));

describe('app:// requests', () => {
  it('serve files of the renderer build, and index.html for app routes', async () => {
    expect(await appFileFor('app://parity/', rendererDir)).toBe(await real(path.join(rendererDir, 'index.html')));
    expect(await appFileFor('app://parity/assets/app.js', rendererDir)).toBe(await real(path.join(rendererDir, 'assets', 'app.js')));
    expect(await appFileFor('app://parity/runs/abc', rendererDir)).toBe(await real(path.join(rendererDir, 'index.html')));
  });
  it.each([
    'app://parity/assets/missing.js',
    'app://parity/../../secret.txt',
    'app://parity/%2e%2e/%2e%2e/secret.txt',
    'app://parity/assets/..%2f..%2fsecret.txt',
    'app://parity/assets/leak.js',
    'app://other/index.html',
    'app://user@parity/index.html',
    'parity-run://parity/index.html',
  ])('refuse %s', async (url) => {
    expect(await appFileFor(url, rendererDir)).toBeNull();
  });
});

describe('parity-run:// requests', () => {
  it('serve files inside a run folder, by the URL the preload builds', async () => {
    expect(await runAssetFileFor(desktopRunAssetUrl('20260101-000000-a-vs-b', 'report.html'), runs)).toBe(await real(path.join(runDir, 'report.html')));
    expect(await runAssetFileFor(desktopRunAssetUrl('20260101-000000-a-vs-b', 'thumbs/a b.png'), runs)).toBe(await real(path.join(runDir, 'thumbs', 'a b.png')));
  });
  it("serve a drift check's page and thumbnails, though its folder holds no report.json (it is still no listed run)", async () => {
    expect(await runAssetFileFor(desktopRunAssetUrl('20260101-000000-drift-week18', 'drift.html'), runs)).toBe(await real(path.join(driftDir, 'drift.html')));
    expect(await runAssetFileFor(desktopRunAssetUrl('20260101-000000-drift-week18', 'thumbs/f.jpg'), runs)).toBe(await real(path.join(driftDir, 'thumbs', 'f.jpg')));
    expect((await runs.list()).map((r) => r.runId)).not.toContain('20260101-000000-drift-week18');
    await expect(runs.readReport('20260101-000000-drift-week18')).rejects.toThrow(/no run/);
  });
  it.each([
    'parity-run://runs/20260101-000000-a-vs-b/../../../secret.txt',
    'parity-run://runs/20260101-000000-a-vs-b/%2e%2e/%2e%2e/%2e%2e/secret.txt',
    'parity-run://runs/20260101-000000-a-vs-b/thumbs%2f..%2f..%2f..%2f..%2fsecret.txt',
    'parity-run://runs/20260101-000000-a-vs-b/thumbs/link.png',
    'parity-run://runs/..%2f..%2fsecret.txt/x',
    'parity-run://runs/no-such-run/report.html',
    'parity-run://runs/not-a-run/notes.txt',
    'parity-run://runs/20260101-000000-a-vs-b',
    'parity-run://elsewhere/20260101-000000-a-vs-b/report.html',
    'app://runs/20260101-000000-a-vs-b/report.html',
  ])('refuse %s', async (url) => {
    expect(await runAssetFileFor(url, runs)).toBeNull();
  });
});
