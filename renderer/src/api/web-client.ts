/**
 * The web host's client: POST /api/<method> with JSON, server-sent events on /api/events, uploads as multipart.
 * Authentication rides on the HttpOnly cookie the host sets when the page is first loaded with ?token=; the token
 * is then removed from the address bar so it does not linger in history or screenshots.
 */
import { HOST_METHODS, HostEventSchema, type HostEvent, type HostMethod, type HostParams, type HostResult } from '../../../shared/contract/host-api.js';
import { HOST_METHOD_NAMES, UPLOAD_FILE_FIELD, WEB_ROUTES } from '../../../shared/contract/host-channels.js';
import { ParityErrorDataSchema } from '../../../shared/errors.js';
import { z } from 'zod';
import { HostCallError } from './host-error.js';
import type { ParityClient, UploadKind } from './parity-client.js';

const UploadResultSchema = z.object({ root: z.string(), paths: z.array(z.string()) });

async function failure(response: Response): Promise<HostCallError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // not JSON: described by the status below
  }
  const parsed = ParityErrorDataSchema.safeParse((body as { error?: unknown } | null)?.error);
  if (parsed.success) return new HostCallError(parsed.data);
  if (response.status === 401 || response.status === 403) {
    return new HostCallError({
      code: 'BAD_OPTION',
      message: 'The Parity host refused this page (missing or wrong token).',
      hint: 'Open the address `parity serve` printed, including its ?token=…',
    });
  }
  return new HostCallError({ code: 'INTERNAL', message: `The host answered ${response.status} ${response.statusText}.` });
}

/** Removes ?token= from the address bar once the host has set its cookie (the first response proves it). */
export function stripTokenFromAddress(location: Location, history: History): void {
  const url = new URL(location.href);
  if (!url.searchParams.has('token')) return;
  url.searchParams.delete('token');
  history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
}

/** Folds HTML-unsafe characters out of a relative path before it becomes a multipart file name. */
function uploadName(relativePath: string): string {
  return encodeURIComponent(relativePath.replace(/\\/g, '/').replace(/^\/+/, ''));
}

/** A ParityClient over the web host's HTTP API. `onReconnect` runs when the event stream comes back after a drop. */
export function createWebClient(options: { onReconnect?: () => void } = {}): ParityClient {
  const listeners = new Set<(event: HostEvent) => void>();
  let source: EventSource | null = null;
  let opened = false;

  function connect(): void {
    if (source) return;
    source = new EventSource(WEB_ROUTES.events, { withCredentials: true });
    source.addEventListener('open', () => {
      if (opened) options.onReconnect?.();
      opened = true;
    });
    source.addEventListener('message', (message: MessageEvent<string>) => {
      let data: unknown;
      try {
        data = JSON.parse(message.data);
      } catch {
        return;
      }
      const parsed = HostEventSchema.safeParse(data);
      if (!parsed.success) return;
      for (const listener of listeners) listener(parsed.data);
    });
  }

  async function call<M extends HostMethod>(method: M, params: HostParams<M>): Promise<HostResult<M>> {
    const response = await fetch(WEB_ROUTES.method(method), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify(params ?? {}),
    });
    if (!response.ok) throw await failure(response);
    const parsed = HOST_METHODS[method].result.safeParse(await response.json());
    if (!parsed.success) {
      throw new HostCallError({ code: 'INTERNAL', message: `The host's answer to ${method} did not match the contract.` });
    }
    return parsed.data as HostResult<M>;
  }

  const methods = Object.fromEntries(
    HOST_METHOD_NAMES.map((name) => [name, (params: HostParams<typeof name>) => call(name, params)]),
  ) as { [M in HostMethod]: (params: HostParams<M>) => Promise<HostResult<M>> };

  return {
    ...methods,
    onEvent(listener) {
      listeners.add(listener);
      connect();
      return () => {
        listeners.delete(listener);
      };
    },
    runAssetUrl: (runId, relPath) => WEB_ROUTES.runAsset(runId, relPath),
    async upload(files, kind: UploadKind) {
      const form = new FormData();
      for (const { relativePath, file } of files) form.append(UPLOAD_FILE_FIELD, file, uploadName(relativePath));
      const response = await fetch(WEB_ROUTES.upload(kind), { method: 'POST', credentials: 'same-origin', body: form });
      if (!response.ok) throw await failure(response);
      const parsed = UploadResultSchema.safeParse(await response.json());
      if (!parsed.success) throw new HostCallError({ code: 'INTERNAL', message: 'The host answered the upload with an unexpected shape.' });
      return parsed.data;
    },
    pathForFile: null,
  };
}
