/**
 * What the web host and Electron main share: jobs on one engine process, their snapshots and events, run
 * folders, recent projects, path checks and the roots the hosts may read. Hosts add only their surface.
 */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { EngineClient, dataDir, newRunDir, type ChannelFactory, type EngineExit } from '../engine/index.js';
import { UI_JOB_KINDS, type HostEvent, type JobSnapshot, type RecentProject } from '../../shared/contract/host-api.js';
import type { JobKind } from '../../shared/contract/jobs/index.js';
import { ParityError } from '../../shared/errors.js';
import { copyFileAtomic } from '../engine/index.js';
import { AllowedRoots } from './allowed-roots.js';
import { EventHub, type HostEventListener } from './event-hub.js';
import { parityInstall } from './install-root.js';
import { JobRegistry, type JobRegistryOptions } from './job-registry.js';
import { pathStrings, prepareJobParams } from './job-params.js';
import { jobTitle } from './job-title.js';
import { RecentProjects } from './recent-projects.js';
import { RestartPolicy, type RestartPolicyOptions } from './restart-policy.js';
import { RunFolders } from './run-folders.js';
import { RunIndex } from './run-index.js';
import { realLocation } from './path-scope.js';
import { statUserPath, type PathKind, type PathStat } from './stat-path.js';

export interface HostServiceOptions {
  channelFactory: ChannelFactory;
  jobs?: JobRegistryOptions;
  restart?: RestartPolicyOptions;
  /** No engine heartbeat for this long while a job runs counts as a hang. */
  hangTimeoutMs?: number;
  onLog?: (level: string, message: string) => void;
  /** Added to crash hints: where the engine's output was logged. */
  logHint?: string;
  /** How long create() waits for the first engine to say it is ready. */
  startTimeoutMs?: number;
}

export interface EngineVersions {
  onnxruntime: string;
  sharp: string;
}

export type ReportFormat = 'html' | 'json' | 'csv';

export class HostService {
  readonly engine: EngineClient;
  readonly roots = new AllowedRoots();
  readonly runs: RunFolders;
  readonly recent: RecentProjects;
  readonly dataDir: string;
  private readonly events = new EventHub();
  private readonly jobs: JobRegistry;
  private readonly restart: RestartPolicy;
  private readonly assignedRunDirs = new Set<string>();
  private readonly runIndex: RunIndex;
  private engineDown = false;
  private versionsPromise: Promise<EngineVersions> | undefined;
  private startWatch: ((message: string) => void) | undefined;

  private constructor(private readonly options: HostServiceOptions) {
    this.dataDir = dataDir();
    this.runIndex = new RunIndex(this.dataDir);
    this.runs = new RunFolders(path.join(this.dataDir, 'runs'), this.runIndex);
    this.recent = new RecentProjects(this.dataDir);
    this.restart = new RestartPolicy(options.restart);
    this.engine = new EngineClient(options.channelFactory, {
      ...(options.hangTimeoutMs !== undefined ? { hangTimeoutMs: options.hangTimeoutMs } : {}),
      ...(options.onLog ? { onLog: options.onLog } : {}),
      onCrash: (exit) => this.engineCrashed(exit),
    });
    this.jobs = new JobRegistry(
      this.engine,
      (job) => this.events.publish({ type: 'job', job }),
      (kind, result) => this.afterJob(kind, result),
      options.jobs,
    );
  }

  /** A host service with its data folder, the built-in samples folder as readable roots, and the engine started. */
  static async create(options: HostServiceOptions): Promise<HostService> {
    const service = new HostService(options);
    await fs.mkdir(path.join(service.dataDir, 'runs'), { recursive: true });
    await service.roots.addFixed(service.dataDir);
    const samples = path.join(parityInstall().root, 'samples');
    if (existsSync(samples)) await service.roots.addFixed(samples);
    // An engine that dies or stalls while starting must not hang the host: it starts anyway, and says so.
    const outcome = await new Promise<string | null>((resolve) => {
      const timer = setTimeout(() => resolve('The engine process did not start in time.'), options.startTimeoutMs ?? 30_000);
      service.startWatch = (message) => {
        clearTimeout(timer);
        resolve(message);
      };
      service.engine.whenReady().then(() => {
        clearTimeout(timer);
        resolve(null);
      }, () => undefined);
    });
    service.startWatch = undefined;
    service.events.publish(outcome === null ? { type: 'engine', state: 'ready' } : { type: 'engine', state: 'crashed', message: outcome });
    return service;
  }

  subscribe(listener: HostEventListener): () => void {
    return this.events.subscribe(listener);
  }

  /** Validates, scopes and starts a job; its progress and outcome arrive as `job` events. */
  async startJob(request: { kind: string; params: unknown; title?: string | undefined }): Promise<{ jobId: string }> {
    const kind = request.kind;
    if (!(UI_JOB_KINDS as readonly string[]).includes(kind)) {
      throw new ParityError('BAD_OPTION', `Unknown job kind "${kind.slice(0, 40)}".`, `Jobs are ${UI_JOB_KINDS.join(', ')}.`);
    }
    const params = await prepareJobParams(kind as JobKind, request.params, this.roots, {
      dataDir: this.dataDir,
      newRunDir: (slug) => this.freshRunDir(slug),
    });
    if (this.engineDown) {
      this.restart.check(this.options.logHint ?? '');
    }
    const jobId = this.jobs.start(kind as JobKind, params, request.title ?? jobTitle(kind, params));
    if (this.engineDown) {
      this.engineDown = false;
      this.events.publish({ type: 'engine', state: 'restarted' });
    }
    return { jobId };
  }

  cancelJob(jobId: string): void {
    this.jobs.cancel(jobId);
  }

  listJobs(): JobSnapshot[] {
    return this.jobs.list();
  }

  /** Checks a user path and, when it exists, lets the hosts read it and jobs use it. */
  statPath(input: string, kind: PathKind): Promise<PathStat> {
    return statUserPath(input, kind, async (absolute) => {
      await this.roots.add(absolute);
    });
  }

  addRecent(project: Omit<RecentProject, 'openedAt'>): Promise<void> {
    return this.recent.add(project);
  }

  /** The path of one of a run's report files. */
  async reportFile(runId: string, format: ReportFormat): Promise<string> {
    const { runDir } = await this.runs.resolve(runId);
    const file = path.join(runDir, `report.${format}`);
    if (!existsSync(file)) {
      throw new ParityError('BAD_OPTION', `Run "${runId}" has no report.${format}.`, 'Run the comparison again.', { reason: 'not-found' });
    }
    return file;
  }

  /** Copies a run's report to a place the user chose (a save dialog), atomically. */
  async exportCopy(runId: string, format: ReportFormat, target: string): Promise<string> {
    const source = await this.reportFile(runId, format);
    await copyFileAtomic(source, target);
    return target;
  }

  /** ONNX Runtime and sharp as the engine loads them (asked once). */
  versions(): Promise<EngineVersions> {
    this.versionsPromise ??= this.engine.run('versions', {}).then(
      (v) => ({ onnxruntime: v.environment.ortVersion, sharp: v.environment.sharpVersion }),
      (error: unknown) => {
        this.versionsPromise = undefined;
        throw error;
      },
    );
    return this.versionsPromise;
  }

  /** Cancels running jobs and stops the engine. */
  async close(): Promise<void> {
    this.jobs.cancelAll();
    await this.engine.close();
  }

  private engineCrashed(exit: EngineExit): void {
    this.restart.recordCrash();
    this.engineDown = true;
    const how = exit.signal ? `killed by ${exit.signal}` : `exited with code ${exit.code}`;
    this.startWatch?.(`The engine process ${how} while starting.${exit.stderrTail ? ` ${exit.stderrTail.split('\n').slice(-2).join(' ')}` : ''}`);
    const event: HostEvent = { type: 'engine', state: 'crashed', message: `The engine process was ${how}; it restarts with the next job.` };
    this.events.publish(event);
  }

  /** Paths in a result (a sample's model, a run folder) become readable; run folders elsewhere are indexed. */
  private async afterJob(_kind: JobKind, result: unknown): Promise<void> {
    for (const { value } of pathStrings(result)) {
      if (path.isAbsolute(value) && existsSync(value)) await this.roots.add(value);
    }
    const runDir = typeof result === 'object' && result !== null ? (result as { runDir?: unknown }).runDir : undefined;
    if (typeof runDir === 'string' && existsSync(path.join(runDir, 'report.json'))) {
      const runsRoot = await realLocation(this.runs.runsRoot);
      if (path.dirname(await realLocation(runDir)) !== runsRoot) await this.runIndex.add(runDir);
    }
  }

  /** newRunDir has one-second resolution: two runs of the same pair within a second get distinct folders. */
  private freshRunDir(slug: string): string {
    const base = newRunDir(slug);
    let dir = base;
    for (let n = 2; this.assignedRunDirs.has(dir) || existsSync(dir); n += 1) dir = `${base}-${n}`;
    this.assignedRunDirs.add(dir);
    return dir;
  }
}
