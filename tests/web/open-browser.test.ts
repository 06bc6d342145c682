import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserCommand, openBrowser } from '../../main/web/open-browser.js';

describe('openBrowser', () => {
  it('names the usual opener on each OS', () => {
    expect(browserCommand('linux', 'http://127.0.0.1:1/?token=a').command).toBe('xdg-open');
    expect(browserCommand('darwin', 'http://x/').command).toBe('open');
    expect(browserCommand('win32', 'http://x/?a=1&b=2').args).toEqual(['/c', 'start', '""', 'http://x/?a=1^&b=2']);
  });

  it('resolves false instead of failing when no opener exists', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'parity-nobrowser-'));
    try {
      const started = Date.now();
      expect(await openBrowser('http://127.0.0.1:9/', 'linux', { PATH: empty })).toBe(false);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
