/** Loads a run's report from the host, validates it, and keeps the last few in memory for instant revisits. */
import { useEffect, useState } from 'react';
import { ParityReportSchema, type ParityReport } from '../../../../shared/report/report.js';
import type { ParityErrorData } from '../../../../shared/errors.js';
import { errorDataOf } from '../../api/host-error.js';
import { api } from '../../state/client.js';

const cache = new Map<string, ParityReport>();
const CACHE_SIZE = 4;

export type ReportState = { status: 'idle' } | { status: 'loading' } | { status: 'ready'; report: ParityReport; loadMs: number } | { status: 'failed'; error: ParityErrorData };

async function loadReport(runId: string): Promise<ParityReport> {
  const cached = cache.get(runId);
  if (cached) return cached;
  const raw = await api().readReport({ runId });
  const parsed = ParityReportSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw Object.assign(new Error('bad report'), {
      data: {
        code: 'BAD_OPTION',
        message: `This run's report.json does not match this version of Parity (${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}).`,
        hint: 'Open its report.html instead, or run the comparison again.',
      } satisfies ParityErrorData,
    });
  }
  cache.set(runId, parsed.data);
  while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return parsed.data;
}

export function forgetReport(runId: string): void {
  cache.delete(runId);
}

export function useReport(runId: string | null): ReportState {
  const [state, setState] = useState<ReportState>({ status: 'idle' });
  useEffect(() => {
    if (!runId) {
      setState({ status: 'idle' });
      return;
    }
    let stale = false;
    const started = performance.now();
    setState({ status: 'loading' });
    loadReport(runId)
      .then((report) => {
        if (!stale) setState({ status: 'ready', report, loadMs: performance.now() - started });
      })
      .catch((error: unknown) => {
        if (stale) return;
        const data = (error as { data?: ParityErrorData }).data;
        setState({ status: 'failed', error: data ?? errorDataOf(error) });
      });
    return () => {
      stale = true;
    };
  }, [runId]);
  return state;
}
