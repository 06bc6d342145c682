/**
 * Names and addresses the hosts and the renderer agree on, without zod: the sandboxed preload bundles this file
 * and nothing heavier. host-api.ts checks at compile time that HOST_METHOD_NAMES lists exactly its HOST_METHODS.
 */

/** Every method of the host API, in a fixed order. */
export const HOST_METHOD_NAMES = [
  'appInfo',
  'startJob',
  'cancelJob',
  'listJobs',
  'listRuns',
  'readReport',
  'deleteRun',
  'openRun',
  'listRecent',
  'addRecent',
  'pickPaths',
  'statPath',
  'exportReport',
] as const;
export type HostMethodName = (typeof HOST_METHOD_NAMES)[number];

/** Electron IPC: one fixed invoke channel per method, one event channel from main to the renderer. */
export const IPC_CHANNELS = {
  invoke: (method: HostMethodName): string => `parity:invoke:${method}`,
  event: 'parity:event',
} as const;

/** The desktop app's own origin (a privileged custom scheme, never file://). */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = 'app://parity';
/** Read-only scheme for files inside run folders on the desktop: parity-run://runs/<runId>/<relPath>. */
export const RUN_ASSET_SCHEME = 'parity-run';

/** Encodes each segment of a relative path, keeping the slashes. */
function encodeRelPath(relPath: string): string {
  return relPath
    .split('/')
    .filter((s) => s.length > 0)
    .map((s) => encodeURIComponent(s))
    .join('/');
}

/** Desktop URL of a file inside a run folder. */
export function desktopRunAssetUrl(runId: string, relPath: string): string {
  return `${RUN_ASSET_SCHEME}://runs/${encodeURIComponent(runId)}/${encodeRelPath(relPath)}`;
}

/**
 * The web host's routes (all same-origin; the token travels in an HttpOnly cookie set on the first page load,
 * or in `Authorization: Bearer <token>` for scripts).
 */
export const WEB_ROUTES = {
  /** POST, JSON body = the method's params; 200 with the result, or 4xx/5xx with { error: ParityErrorData }. */
  method: (method: HostMethodName): string => `/api/${method}`,
  /** GET, server-sent events: `event: message`, data = one HostEvent as JSON; comments are heartbeats. */
  events: '/api/events',
  /**
   * POST multipart/form-data; every file part has field name "file" and filename =
   * encodeURIComponent(relative path, "/"-separated). Answers { root, paths } like ParityApi.upload.
   */
  upload: (kind: 'model' | 'images' | 'labels' | 'preprocess'): string => `/api/upload?kind=${kind}`,
  /** GET, read-only, scoped to the run folder. */
  runAsset: (runId: string, relPath: string): string =>
    `/api/runs/${encodeURIComponent(runId)}/assets/${encodeRelPath(relPath)}`,
  /** GET, the report as a download (Content-Disposition: attachment). */
  runExport: (runId: string, format: 'html' | 'json' | 'csv'): string =>
    `/api/runs/${encodeURIComponent(runId)}/export/${format}`,
} as const;

/** The upload form's field name for files. */
export const UPLOAD_FILE_FIELD = 'file';
