/**
 * The jobs a host started: one snapshot each (status, last progress, result or error), kept after the renderer
 * that started them reloads or closes, and pushed to subscribers as they change.
 */
import { randomUUID } from 'node:crypto';
import type { EngineClient } from '../engine/index.js';
import type { JobSnapshot } from '../../shared/contract/host-api.js';
import type { JobKind, JobParams } from '../../shared/contract/jobs/index.js';
import type { JobProgress } from '../../shared/contract/progress.js';
import { ParityError, toErrorData } from '../../shared/errors.js';

export interface JobRegistryOptions {
  /** Queued plus running jobs beyond which new ones are refused. */
  maxActiveJobs?: number;
  /** Finished jobs remembered for listJobs; older ones are forgotten. */
  keepFinished?: number;
  /** Progress of one job is pushed at most this often (the last one always arrives). */
  progressIntervalMs?: number;
}

interface Entry {
  snapshot: JobSnapshot;
  controller: AbortController;
  lastPush: number;
  pushTimer: NodeJS.Timeout | undefined;
}

export type JobEngine = Pick<EngineClient, 'run'>;

export class JobRegistry {
  private readonly jobs = new Map<string, Entry>();
  private readonly maxActive: number;
  private readonly keepFinished: number;
  private readonly progressInterval: number;

  constructor(
    private readonly engine: JobEngine,
    private readonly publish: (snapshot: JobSnapshot) => void,
    private readonly onFinished: (kind: JobKind, result: unknown) => Promise<void>,
    options: JobRegistryOptions = {},
  ) {
    this.maxActive = options.maxActiveJobs ?? 8;
    this.keepFinished = options.keepFinished ?? 100;
    this.progressInterval = options.progressIntervalMs ?? 100;
  }

  /** Queued and running jobs. */
  get activeCount(): number {
    let n = 0;
    for (const { snapshot } of this.jobs.values()) if (snapshot.status === 'queued' || snapshot.status === 'running') n += 1;
    return n;
  }

  /** Starts a job whose parameters were already validated and scoped; returns its id at once. */
  start(kind: JobKind, params: unknown, title: string): string {
    if (this.activeCount >= this.maxActive) {
      throw new ParityError(
        'BAD_OPTION',
        `Parity already has ${this.maxActive} jobs queued or running.`,
        'Wait for one to finish or cancel one, then start this one again.',
        { reason: 'busy' },
      );
    }
    const jobId = randomUUID();
    const entry: Entry = {
      snapshot: { jobId, kind, title, status: 'queued', startedAt: new Date().toISOString(), finishedAt: null, progress: null, params },
      controller: new AbortController(),
      lastPush: 0,
      pushTimer: undefined,
    };
    this.jobs.set(jobId, entry);
    this.push(entry);
    this.engine
      .run(kind, params as JobParams<JobKind>, {
        jobId,
        signal: entry.controller.signal,
        onProgress: (progress) => this.progress(entry, progress),
      })
      .then(
        async (result) => {
          // Roots and the run index are updated before `done` is announced, so the renderer can use the result at once.
          await this.onFinished(kind, result).catch(() => undefined);
          this.finish(entry, { status: 'done', result });
        },
        (error: unknown) => {
          const data = toErrorData(error);
          this.finish(entry, { status: data.code === 'CANCELLED' ? 'cancelled' : 'failed', error: data });
        },
      );
    return jobId;
  }

  /** Asks the engine to stop a job; the snapshot turns `cancelled` once it has. */
  cancel(jobId: string): void {
    const entry = this.jobs.get(jobId);
    if (!entry) throw new ParityError('BAD_OPTION', `There is no job "${jobId.slice(0, 80)}".`, undefined, { reason: 'not-found' });
    if (entry.snapshot.status === 'queued' || entry.snapshot.status === 'running') entry.controller.abort();
  }

  /** Snapshots of every remembered job, oldest first. */
  list(): JobSnapshot[] {
    return [...this.jobs.values()].map((e) => ({ ...e.snapshot }));
  }

  /** Cancels every job (host shutdown). */
  cancelAll(): void {
    for (const entry of this.jobs.values()) entry.controller.abort();
  }

  private progress(entry: Entry, progress: JobProgress): void {
    if (entry.snapshot.status !== 'queued' && entry.snapshot.status !== 'running') return;
    // The engine reports a job waiting for the heavy-job slot as a "waiting…" stage: it is still queued.
    const waiting = progress.stage.startsWith('waiting');
    const becameRunning = entry.snapshot.status === 'queued' && !waiting;
    entry.snapshot = { ...entry.snapshot, progress, status: waiting ? entry.snapshot.status : 'running' };
    const since = Date.now() - entry.lastPush;
    if (becameRunning || since >= this.progressInterval) {
      this.push(entry);
    } else {
      entry.pushTimer ??= setTimeout(() => this.push(entry), this.progressInterval - since);
    }
  }

  private finish(entry: Entry, outcome: Pick<JobSnapshot, 'status' | 'result' | 'error'>): void {
    entry.snapshot = { ...entry.snapshot, ...outcome, finishedAt: new Date().toISOString() };
    this.push(entry);
    this.forgetOldFinished();
  }

  private push(entry: Entry): void {
    if (entry.pushTimer) clearTimeout(entry.pushTimer);
    entry.pushTimer = undefined;
    entry.lastPush = Date.now();
    this.publish({ ...entry.snapshot });
  }

  private forgetOldFinished(): void {
    const finished = [...this.jobs.values()].filter((e) => e.snapshot.finishedAt !== null);
    for (const entry of finished.slice(0, Math.max(0, finished.length - this.keepFinished))) this.jobs.delete(entry.snapshot.jobId);
  }
}
