/**
 * The renderer's window.parity on the desktop, built from the contract's method names: one named function per
 * method, each invoking its own fixed channel. The renderer never sees ipcRenderer or a channel name.
 */
import { desktopRunAssetUrl, HOST_METHOD_NAMES, IPC_CHANNELS } from '../../shared/contract/host-channels.js';
import type { HostEvent, ParityApi } from '../../shared/contract/host-api.js';
import type { ParityErrorData } from '../../shared/errors.js';

/** What the preload needs from Electron's renderer side, passed in so that this file stays testable. */
export interface PreloadBridge {
  invoke(channel: string, params: unknown): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): void;
  off(channel: string, listener: (event: unknown, payload: unknown) => void): void;
  pathForFile(file: unknown): string;
}

const INTERNAL: ParityErrorData = { code: 'INTERNAL', message: 'The desktop host sent an answer Parity does not understand.' };

function unwrap(envelope: unknown): unknown {
  if (typeof envelope === 'object' && envelope !== null && 'ok' in envelope) {
    const e = envelope as { ok: boolean; value?: unknown; error?: ParityErrorData };
    if (e.ok) return e.value;
    // A plain object, not an Error: contextBridge would strip an Error's code and hint.
    throw e.error ?? INTERNAL;
  }
  throw INTERNAL;
}

export function buildParityApi<FileLike>(bridge: PreloadBridge): ParityApi<FileLike> {
  const methods: Record<string, (params: unknown) => Promise<unknown>> = {};
  for (const method of HOST_METHOD_NAMES) {
    const channel = IPC_CHANNELS.invoke(method);
    methods[method] = async (params: unknown) => unwrap(await bridge.invoke(channel, params ?? {}));
  }
  return {
    ...(methods as Omit<ParityApi<FileLike>, 'onEvent' | 'runAssetUrl' | 'upload' | 'pathForFile'>),
    onEvent(listener: (event: HostEvent) => void) {
      const handler = (_event: unknown, payload: unknown): void => listener(payload as HostEvent);
      bridge.on(IPC_CHANNELS.event, handler);
      return () => bridge.off(IPC_CHANNELS.event, handler);
    },
    runAssetUrl: (runId: string, relPath: string) => desktopRunAssetUrl(runId, relPath),
    upload: null,
    pathForFile: (file: FileLike) => bridge.pathForFile(file),
  };
}
