import { describe, expect, it } from 'vitest';
import { buildParityApi, type PreloadBridge } from '../../main/preload/parity-api.js';
import { HOST_METHOD_NAMES, IPC_CHANNELS } from '../../shared/contract/host-channels.js';
import { HOST_METHODS } from '../../shared/contract/host-api.js';

function recordingBridge(answer: (channel: string) => unknown): PreloadBridge & { calls: Array<[string, unknown]> } {
  const calls: Array<[string, unknown]> = [];
  return {
    calls,
    invoke: async (channel, params) => {
      calls.push([channel, params]);
      return answer(channel);
    },
    on: () => undefined,
    off: () => undefined,
    pathForFile: (file) => `/real/${String(file)}`,
  };
}

describe('buildParityApi', () => {
  it('exposes one named function per contract method and nothing raw', () => {
    const api = buildParityApi<string>(recordingBridge(() => ({ ok: true, value: {} })));
    expect(Object.keys(api).sort()).toEqual([...Object.keys(HOST_METHODS), 'onEvent', 'pathForFile', 'runAssetUrl', 'upload'].sort());
    expect(HOST_METHOD_NAMES.every((m) => typeof api[m] === 'function')).toBe(true);
    expect(api.upload).toBeNull();
    expect(api.pathForFile?.('a.onnx')).toBe('/real/a.onnx');
    expect(api.runAssetUrl('20260101-a b', 'thumbs/x 1.png')).toBe('parity-run://runs/20260101-a%20b/thumbs/x%201.png');
  });

  it('invokes each method on its own fixed channel and unwraps answers', async () => {
    const bridge = recordingBridge((channel) => ({ ok: true, value: channel }));
    const api = buildParityApi(bridge);
    expect(await api.listRuns({})).toBe(IPC_CHANNELS.invoke('listRuns'));
    await api.statPath({ path: '/x', kind: 'model' });
    expect(bridge.calls).toEqual([
      ['parity:invoke:listRuns', {}],
      ['parity:invoke:statPath', { path: '/x', kind: 'model' }],
    ]);
  });

  it('rejects with the host error as plain data, and with INTERNAL on a malformed answer', async () => {
    const error = { code: 'BAD_MODEL', message: 'Not an ONNX model.', hint: 'Export it again.' };
    const api = buildParityApi(recordingBridge((channel) => (channel.endsWith('listRuns') ? { ok: false, error } : 'garbage')));
    await expect(api.listRuns({})).rejects.toEqual(error);
    await expect(api.listJobs({})).rejects.toMatchObject({ code: 'INTERNAL' });
  });
});
