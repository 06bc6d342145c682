/**
 * Preview jobs for gallery tiles, queued here rather than all started at once: the host refuses more than a few
 * queued jobs (HTTP 429, "busy"), and a tile whose job was refused used to show "no picture" for good. At most
 * MAX_IN_FLIGHT run at a time, a refused one waits and tries again, and finished pictures are remembered.
 */
import type { JobParams } from '../../../../shared/contract/jobs/index.js';
import { errorDataOf } from '../../api/host-error.js';
import { runJob } from '../../state/jobs.js';

type PreviewRequest = JobParams<'preview'>;

const MAX_IN_FLIGHT = 2;
const MAX_REMEMBERED = 256;
const BUSY_RETRIES = 20;
const BUSY_WAIT_MS = 400;

let inFlight = 0;
const waiting: Array<() => void> = [];
const remembered = new Map<string, Promise<string>>();

async function slot<T>(work: () => Promise<T>): Promise<T> {
  if (inFlight >= MAX_IN_FLIGHT) await new Promise<void>((resolve) => waiting.push(resolve));
  inFlight += 1;
  try {
    return await work();
  } finally {
    inFlight -= 1;
    waiting.shift()?.();
  }
}

/** True when the host refused a job because too many are queued (it will take it a moment later). */
export function isBusyRefusal(error: unknown): boolean {
  return errorDataOf(error).details?.['reason'] === 'busy';
}

async function runWithRetry(request: PreviewRequest): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      return (await slot(() => runJob('preview', request, 'image preview'))).dataUri;
    } catch (error) {
      // Other screens' jobs may hold the host's queue for a while: wait, do not give up on the picture.
      if (!isBusyRefusal(error) || attempt >= BUSY_RETRIES) throw error;
      await new Promise((resolve) => setTimeout(resolve, BUSY_WAIT_MS * (1 + attempt)));
    }
  }
}

/** The picture of an image as the run's preprocessing makes it (perturbed when asked), as a data URI. */
export function queuedPreview(request: PreviewRequest): Promise<string> {
  const key = JSON.stringify(request);
  const known = remembered.get(key);
  if (known) return known;
  const made = runWithRetry(request);
  remembered.set(key, made);
  made.catch(() => remembered.delete(key));
  while (remembered.size > MAX_REMEMBERED) remembered.delete(remembered.keys().next().value as string);
  return made;
}
