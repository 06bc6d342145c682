/**
 * Applies host job events to the store at most once per animation frame: a run streaming progress (and several
 * jobs at once) costs one React render per frame, not one per event. Terminal snapshots resolve waiters at once.
 */
import type { JobSnapshot } from '../../../shared/contract/host-api.js';
import { ConvertResultSchema } from '../../../shared/contract/jobs/convert.js';
import { appStore, projectStorage } from './app-state.js';
import { saveVariants, withVariant } from './saved-variants.js';

type Waiter = (job: JobSnapshot) => void;
const waiters = new Map<string, Waiter[]>();
let pending = new Map<string, JobSnapshot>();
let scheduled = false;

/**
 * Kinds the screens list. Previews, inspections and the like are many and carry large results (a preview holds a
 * PNG): they only resolve whoever waits for them, from a short memory of recently finished ones.
 */
const LISTED_KINDS: ReadonlySet<string> = new Set(['compare', 'convert', 'drift']);
const recentFinished = new Map<string, JobSnapshot>();
const RECENT_FINISHED = 64;

function remember(job: JobSnapshot): void {
  recentFinished.delete(job.jobId);
  recentFinished.set(job.jobId, job);
  while (recentFinished.size > RECENT_FINISHED) recentFinished.delete(recentFinished.keys().next().value as string);
}

/** A finished convert job's variant, kept in local storage so it stays listed after the host forgets the job. */
function saveVariantOf(job: JobSnapshot): void {
  const result = ConvertResultSchema.safeParse(job.result);
  const params = job.params as { model?: unknown; recipe?: unknown } | null;
  if (!result.success || typeof params?.model !== 'string') return;
  const variant = { model: params.model, recipe: typeof params.recipe === 'string' ? params.recipe : result.data.manifest.recipe, jobId: job.jobId, finishedAt: job.finishedAt, result: result.data };
  const list = withVariant(appStore.get().savedVariants, variant);
  appStore.set({ savedVariants: list });
  saveVariants(projectStorage(), list);
}

export function isFinished(job: Pick<JobSnapshot, 'status'>): boolean {
  return job.status === 'done' || job.status === 'failed' || job.status === 'cancelled';
}

function flush(): void {
  scheduled = false;
  if (pending.size === 0) return;
  const batch = pending;
  pending = new Map();
  appStore.set((state) => {
    const jobs = { ...state.jobs };
    for (const [id, job] of batch) jobs[id] = job;
    return { jobs };
  });
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  // rAF stops in background tabs; a timeout keeps the store current there (and in tests without frames).
  if (document.visibilityState === 'visible') requestAnimationFrame(flush);
  else setTimeout(flush, 250);
}

/** Records a job snapshot (from an event or a listing); finished jobs are applied and their waiters resolved now. */
export function receiveJob(job: JobSnapshot): void {
  if (!LISTED_KINDS.has(job.kind)) {
    if (!isFinished(job)) return;
    remember(job);
    const list = waiters.get(job.jobId);
    waiters.delete(job.jobId);
    for (const resolve of list ?? []) resolve(job);
    return;
  }
  const known = pending.get(job.jobId) ?? appStore.get().jobs[job.jobId];
  // Events can overtake a listing: never replace a finished snapshot by an older running one.
  if (known && isFinished(known) && !isFinished(job)) return;
  pending.set(job.jobId, job);
  if (isFinished(job)) {
    flush();
    if (job.kind === 'convert' && job.status === 'done' && !appStore.get().savedVariants.some((v) => v.jobId === job.jobId)) saveVariantOf(job);
    const list = waiters.get(job.jobId);
    waiters.delete(job.jobId);
    for (const resolve of list ?? []) resolve(job);
  } else {
    schedule();
  }
}

/** Resolves with the job's final snapshot (done, failed or cancelled). */
export function waitForJob(jobId: string): Promise<JobSnapshot> {
  const known = recentFinished.get(jobId) ?? pending.get(jobId) ?? appStore.get().jobs[jobId];
  if (known && isFinished(known)) return Promise.resolve(known);
  return new Promise((resolve) => {
    waiters.set(jobId, [...(waiters.get(jobId) ?? []), resolve]);
  });
}
