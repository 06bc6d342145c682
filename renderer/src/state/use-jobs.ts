/**
 * The host's jobs of one kind, newest first, as a list that keeps its identity while those jobs do not change:
 * a compare streaming progress does not re-render what depends only on convert jobs, and vice versa.
 */
import { useRef, useSyncExternalStore } from 'react';
import type { JobSnapshot } from '../../../shared/contract/host-api.js';
import { appStore } from './app-state.js';

export function useJobsOfKind(kind: string): readonly JobSnapshot[] {
  const cache = useRef<{ source: unknown; list: JobSnapshot[] }>({ source: null, list: [] });
  const read = (): readonly JobSnapshot[] => {
    const jobs = appStore.get().jobs;
    const c = cache.current;
    if (c.source === jobs) return c.list;
    const list = Object.values(jobs)
      .filter((j) => j.kind === kind)
      .sort((a, b) => b.startedAt.localeCompare(a.startedAt) || b.jobId.localeCompare(a.jobId));
    c.source = jobs;
    // Snapshots are replaced only when their job changes, so equal elements mean nothing of this kind changed.
    if (list.length !== c.list.length || list.some((j, i) => j !== c.list[i])) c.list = list;
    return c.list;
  };
  return useSyncExternalStore(appStore.subscribe, read, read);
}
