/**
 * The API the renderer calls on its host (Electron IPC or the web host), and what the hosts do with the calls:
 * - Channel names, web routes, the upload protocol and run-asset URL builders live in ./host-channels.ts (no zod,
 *   so the preload stays small); re-exported here. HOST_METHOD_NAMES lists exactly the keys of HOST_METHODS
 *   (checked at compile time below).
 * - startJob: every absolute path in `params` must lie inside a root the host may read: run folders, dataDir(),
 *   the built-in sample (after a `sample` job), uploads, and paths the user picked or passed to statPath. So call
 *   statPath on a typed or dropped path before using it in a job. Relative paths containing a separator are refused.
 * - startJob defaults: a `compare` without `runDir` gets a fresh dataDir()/runs/<stamp>-<slug>; a `convert` without
 *   `output` gets dataDir()/variants/<model>/<model>.<recipe>.onnx; a `bundle` without `output` gets
 *   dataDir()/bundles/<model>/<model>.bundle.onnx; a `perturb` without `output` gets
 *   dataDir()/previews/<image>.<perturbation>-<severity>-s<seed>.png. Pass them only to choose another place.
 * - startJob rejects with BAD_OPTION and details.reason = 'busy' (HTTP 429 on the web) when too many jobs are
 *   queued or running.
 * - Host events: on the web, a new /api/events connection first receives one `job` event per known job, so a
 *   reloaded page needs no separate listJobs call to catch up (listJobs still works).
 * - exportReport on the web: html/json/csv answer downloadUrl = WEB_ROUTES.runExport(...); pdf answers
 *   downloadUrl = the run's report.html asset URL — open it and use the browser's print dialog.
 * - pickPaths on the web rejects with UNSUPPORTED (appInfo.canPickFiles is false).
 * - Every method rejects with a plain ParityErrorData object (HostErrorSchema) on both hosts: the preload cannot
 *   pass Error subclasses through contextBridge, so the web client should reject with the same plain shape.
 * - New HostEvent `{ type: 'menu', action, paths }` (desktop only): the application menu's File > Open model… /
 *   Open images… (paths already chosen in a native dialog and readable by jobs) and Export report… (the renderer
 *   exports the run it shows). Ignore event types you do not know.
 */
/**
 * The API the renderer sees, whichever host serves it: the Electron preload bridge (IPC) or the web host
 * (HTTP + server-sent events). Every method has a schema for its parameters and result; hosts validate both
 * directions, and the compiler rejects a host that misses a method (Electron Fiddle's typed channel map).
 */
import { z } from 'zod';
import { ParityErrorDataSchema } from '../errors.js';
import { JobProgressSchema } from './progress.js';
import { JOB_KINDS } from './jobs/index.js';
import type { HostMethodName } from './host-channels.js';

export * from './host-channels.js';

/** Job kinds the UI may start (test-only kinds excluded). */
export const UI_JOB_KINDS = JOB_KINDS.filter((k) => k !== 'debug');
export const UiJobKindSchema = z.enum(UI_JOB_KINDS as [string, ...string[]]);

export const JobStatusSchema = z.enum(['queued', 'running', 'done', 'failed', 'cancelled']);
export type JobStatus = z.infer<typeof JobStatusSchema>;

/** What a host remembers about a job, so that a reloaded window can show it again. */
export const JobSnapshotSchema = z.object({
  jobId: z.string(),
  kind: z.string(),
  /** A short human title: "compare cls.onnx vs cls.int8.onnx". */
  title: z.string(),
  status: JobStatusSchema,
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  progress: JobProgressSchema.nullable(),
  params: z.unknown(),
  result: z.unknown().optional(),
  error: ParityErrorDataSchema.optional(),
});
export type JobSnapshot = z.infer<typeof JobSnapshotSchema>;

/** Pushed to the renderer as jobs move (SSE `job` events on the web, an IPC event on the desktop). */
export const HostEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('job'), job: JobSnapshotSchema }),
  z.object({ type: z.literal('engine'), state: z.enum(['ready', 'crashed', 'restarted']), message: z.string().optional() }),
  z.object({
    type: z.literal('menu'),
    action: z.enum(['open-model', 'open-images', 'open-run', 'export-report']),
    paths: z.array(z.string()).default([]),
  }),
]);
export type HostEvent = z.infer<typeof HostEventSchema>;

export const RunListingSchema = z.object({
  runId: z.string(),
  runDir: z.string(),
  createdAt: z.string(),
  reference: z.string(),
  candidate: z.string(),
  images: z.number().int(),
  top1Agreement: z.number().nullable(),
  /** Null when the run had no gate (`--fail-under`): nothing to pass or fail. */
  gatePassed: z.boolean().nullable(),
  hasPerturbations: z.boolean(),
});
export type RunListing = z.infer<typeof RunListingSchema>;

export const RecentProjectSchema = z.object({
  model: z.string(),
  images: z.string().nullable(),
  labels: z.string().nullable(),
  openedAt: z.string(),
});
export type RecentProject = z.infer<typeof RecentProjectSchema>;

export const AppInfoSchema = z.object({
  host: z.enum(['desktop', 'web']),
  versions: z.object({
    parity: z.string(),
    electron: z.string().nullable(),
    node: z.string(),
    onnxruntime: z.string(),
    sharp: z.string(),
    chrome: z.string().nullable(),
  }),
  dataDir: z.string(),
  /** Whether native file dialogs exist (desktop) or files come by upload / server path (web). */
  canPickFiles: z.boolean(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const PathKindSchema = z.enum(['model', 'images', 'labels', 'preprocess', 'run', 'any']);

export const ExportFormatSchema = z.enum(['html', 'json', 'csv', 'pdf']);
export type ExportFormat = z.infer<typeof ExportFormatSchema>;

const empty = z.object({});

export const HOST_METHODS = {
  appInfo: { params: empty, result: AppInfoSchema },
  startJob: {
    params: z.object({ kind: UiJobKindSchema, params: z.unknown(), title: z.string().max(200).optional() }),
    result: z.object({ jobId: z.string() }),
  },
  cancelJob: { params: z.object({ jobId: z.string() }), result: empty },
  listJobs: { params: empty, result: z.array(JobSnapshotSchema) },
  listRuns: { params: empty, result: z.array(RunListingSchema) },
  /** The report JSON of a finished run (validated against ParityReportSchema by the renderer). */
  readReport: { params: z.object({ runId: z.string() }), result: z.unknown() },
  deleteRun: { params: z.object({ runId: z.string() }), result: empty },
  /** A run folder written elsewhere (`parity compare --out`, CI): checked to hold a report, then listed with the others. */
  openRun: { params: z.object({ path: z.string().min(1).max(4096) }), result: RunListingSchema },
  listRecent: { params: empty, result: z.array(RecentProjectSchema) },
  addRecent: { params: RecentProjectSchema.omit({ openedAt: true }), result: empty },
  /** Desktop: a native open dialog. Web: not available (canPickFiles false) — the UI uploads or takes a server path. */
  pickPaths: {
    params: z.object({ kind: PathKindSchema, multiple: z.boolean().default(false) }),
    result: z.object({ paths: z.array(z.string()) }),
  },
  /** Checks a path typed or dropped by the user: exists, kind matches; adds it to the roots the host may read. */
  statPath: {
    params: z.object({ path: z.string().min(1), kind: PathKindSchema }),
    result: z.object({
      path: z.string(),
      exists: z.boolean(),
      isDirectory: z.boolean(),
      sizeBytes: z.number().int(),
      /** For image folders: how many image files (a quick count, not decoded). */
      imageCount: z.number().int().nullable(),
      /** For labels files: how many class names they give (checked against the model's class count by the app). */
      labelCount: z.number().int().nullable().optional(),
      problem: z.string().nullable(),
    }),
  },
  /** Desktop: a save dialog, then the file is written. Web: returns a URL the browser downloads. */
  exportReport: {
    params: z.object({ runId: z.string(), format: ExportFormatSchema }),
    result: z.object({ savedTo: z.string().nullable(), downloadUrl: z.string().nullable() }),
  },
} as const;

export type HostMethod = keyof typeof HOST_METHODS;

// HOST_METHOD_NAMES (host-channels.ts) and HOST_METHODS must name the same methods: this fails to compile otherwise.
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const HOST_METHOD_NAMES_MATCH: SameKeys<HostMethod, HostMethodName> = true;
export type HostParams<M extends HostMethod> = z.input<(typeof HOST_METHODS)[M]['params']>;
export type HostResult<M extends HostMethod> = z.output<(typeof HOST_METHODS)[M]['result']>;

/**
 * The renderer's view of its host: one async function per method plus event subscription and asset URLs.
 * `FileLike` is the DOM's File in the renderer (shared/ has no DOM types).
 */
export type ParityApi<FileLike = unknown> = { [M in HostMethod]: (params: HostParams<M>) => Promise<HostResult<M>> } & {
  /** Subscribes to host events; returns the unsubscribe function. */
  onEvent(listener: (event: HostEvent) => void): () => void;
  /** URL of a file inside a run folder (thumbnails, report.html), read-only and scoped to run folders. */
  runAssetUrl(runId: string, relPath: string): string;
  /** Web host only: uploads dropped files into a fresh server folder and returns its path (null on desktop). */
  upload: ((files: ReadonlyArray<{ relativePath: string; file: FileLike }>, kind: 'model' | 'images' | 'labels' | 'preprocess') => Promise<{ root: string; paths: string[] }>) | null;
  /** Desktop only: the real path of a dropped File (webUtils.getPathForFile); null on the web. */
  pathForFile: ((file: FileLike) => string) | null;
};

/** The error shape every host method rejects with, so the renderer can show message and hint. */
export const HostErrorSchema = ParityErrorDataSchema;
