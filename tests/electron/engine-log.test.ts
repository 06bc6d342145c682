import { mkdtempSync, promises as fs, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EngineLog } from '../../main/electron/engine-log.js';
import { ENGINE_SERVICE_NAME } from '../../main/electron/utility-engine-channel.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'parity-engine-log-'));
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

describe('EngineLog', () => {
  it('writes whole timestamped lines per stream, joining lines split across chunks', async () => {
    const log = new EngineLog(path.join(dir, 'logs', 'engine.log'));
    log.output('stderr', 'first li');
    log.output('stderr', 'ne\nsecond line\n\n');
    log.output('stdout', 'ready\n');
    await log.close();
    const lines = readFileSync(log.file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z \[stderr\] first line$/);
    expect(lines[1]).toMatch(/\[stderr\] second line$/);
    expect(lines[2]).toMatch(/\[stdout\] ready$/);
  });

  it('keeps a log over its size limit as .1 and starts a new one', async () => {
    const file = path.join(dir, 'rotating.log');
    writeFileSync(file, 'x'.repeat(2000));
    const log = new EngineLog(file, 1000);
    log.line('after rotation');
    await log.close();
    expect(readFileSync(path.join(dir, 'rotating.1.log'), 'utf8')).toHaveLength(2000);
    expect(readFileSync(file, 'utf8')).toMatch(/after rotation\n$/);
  });

  it('names the engine process with a stable service name', () => {
    expect(ENGINE_SERVICE_NAME).toBe('Parity Engine');
  });
});
