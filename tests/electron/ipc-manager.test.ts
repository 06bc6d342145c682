/** The IPC manager with a real HostService on a real engine: sender checks, validation, and a preload round trip. */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleInvoke, registerIpc } from '../../main/electron/ipc-manager.js';
import { buildParityApi } from '../../main/preload/parity-api.js';
import { sharedHandlers, type HostHandlers, type HostService } from '../../main/host/index.js';
import { webHandlers } from '../../main/web/web-handlers.js';
import { HOST_METHOD_NAMES, IPC_CHANNELS } from '../../shared/contract/host-channels.js';
import type { HostEvent } from '../../shared/contract/host-api.js';
import { createTestService, removeDir, useTempDataDir, waitForJob } from '../host/host-fixture.js';

let dataDir: string;
let service: HostService;
let handlers: HostHandlers;
const mainFrame = { url: 'app://parity/index.html', parent: null };

beforeAll(async () => {
  dataDir = useTempDataDir('parity-ipc');
  service = await createTestService();
  handlers = { ...sharedHandlers(service), ...webHandlers(service) };
});

afterAll(async () => {
  await service?.close();
  await removeDir(dataDir);
});

describe('handleInvoke', () => {
  it('answers our main frame', async () => {
    const answer = await handleInvoke(handlers, 'listRecent', mainFrame, {});
    expect(answer).toEqual({ ok: true, value: [] });
  });

  it.each([
    ['a subframe of our page', { url: 'app://parity/report.html', parent: mainFrame }],
    ['another origin', { url: 'https://evil.example/', parent: null }],
    ['a file:// page', { url: 'file:///tmp/index.html', parent: null }],
    ['a run asset page', { url: 'parity-run://runs/x/report.html', parent: null }],
    ['a destroyed frame', null],
  ])('refuses %s without calling the host', async (_name, frame) => {
    const typed = path.join(dataDir, 'typed-by-untrusted');
    const answer = await handleInvoke(handlers, 'statPath', frame, { path: typed, kind: 'any' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'BAD_OPTION', details: { reason: 'untrusted-sender' } } });
    const started = await handleInvoke(handlers, 'startJob', frame, { kind: 'sample', params: {} });
    expect(started.ok).toBe(false);
    expect(service.listJobs()).toEqual([]);
  });

  it('validates params against HOST_METHODS before the host sees them', async () => {
    const bad = await handleInvoke(handlers, 'statPath', mainFrame, { path: 42, kind: 'model' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_OPTION' } });
    expect(!bad.ok && bad.error.message).toContain('path');
    const unknownKind = await handleInvoke(handlers, 'startJob', mainFrame, { kind: 'debug', params: { action: 'abort' } });
    expect(unknownKind).toMatchObject({ ok: false, error: { code: 'BAD_OPTION' } });
    expect(await handleInvoke(handlers, 'noSuchMethod', mainFrame, {})).toMatchObject({ ok: false, error: { details: { reason: 'not-found' } } });
    expect(service.listJobs()).toEqual([]);
  });
});

describe('registerIpc and the preload API', () => {
  it('registers one fixed channel per method, and the preload API reaches the host through them', async () => {
    const registered = new Map<string, (event: { senderFrame: typeof mainFrame | null }, params: unknown) => Promise<unknown>>();
    const ipcMain = {
      handle: (channel: string, listener: (event: never, ...args: never[]) => unknown) => {
        registered.set(channel, listener as never);
      },
      removeHandler: (channel: string) => {
        registered.delete(channel);
      },
    };
    const unregister = registerIpc(ipcMain, handlers);
    expect([...registered.keys()].sort()).toEqual(HOST_METHOD_NAMES.map((m) => IPC_CHANNELS.invoke(m)).sort());

    const listeners = new Set<(event: unknown, payload: unknown) => void>();
    const api = buildParityApi<never>({
      invoke: (channel, params) => registered.get(channel)!({ senderFrame: mainFrame }, params),
      on: (_channel, listener) => listeners.add(listener),
      off: (_channel, listener) => listeners.delete(listener),
      pathForFile: () => '/dropped/file.onnx',
    });
    const stopForwarding = service.subscribe((event) => listeners.forEach((l) => l({}, event)));
    const received: HostEvent[] = [];
    const unsubscribe = api.onEvent((event) => received.push(event));

    const { jobId } = await api.startJob({ kind: 'sample', params: {} });
    const job = await waitForJob(service, jobId);
    expect(job.status).toBe('done');
    expect(received.some((e) => e.type === 'job' && e.job.jobId === jobId && e.job.status === 'done')).toBe(true);
    expect((await api.listJobs({})).map((j) => j.jobId)).toContain(jobId);

    // Errors arrive as plain ParityErrorData, with code and hint intact.
    await expect(api.readReport({ runId: 'nope' })).rejects.toMatchObject({ code: 'BAD_OPTION', details: { reason: 'not-found' } });

    unsubscribe();
    expect(listeners.size).toBe(0);
    stopForwarding();
    unregister();
    expect(registered.size).toBe(0);
  });
});
