/**
 * Chrome's own trace of the page's main thread (CDP Tracing): every top-level task with its wall time and the CPU
 * time the thread actually ran. On a loaded machine a task can take 200 ms of wall time for 20 ms of work; the
 * pair tells the app's cost apart from waiting for a core.
 */
import { z } from 'zod';
import type { BrowserContext, Page } from 'playwright-core';

export interface MainThreadTask {
  /** Trace timestamp, microseconds. */
  startUs: number;
  wallMs: number;
  /** Thread CPU time of the task; null when the trace has none. */
  cpuMs: number | null;
}

const TraceEventSchema = z.object({
  ph: z.string(),
  name: z.string(),
  cat: z.string().optional(),
  pid: z.number(),
  tid: z.number(),
  ts: z.number().optional(),
  dur: z.number().optional(),
  tdur: z.number().optional(),
  args: z.record(z.string(), z.unknown()).optional(),
});
type TraceEvent = z.infer<typeof TraceEventSchema>;

/** Starts tracing the page's renderer; `stop` returns its main thread's tasks of at least `minMs` wall time. */
export async function traceMainThread(context: BrowserContext, page: Page, minMs = 50): Promise<{ stop(): Promise<MainThreadTask[]> }> {
  const cdp = await context.newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (data: { value: unknown[] }) => {
    for (const raw of data.value) {
      const parsed = TraceEventSchema.safeParse(raw);
      if (parsed.success) events.push(parsed.data);
    }
  });
  await cdp.send('Tracing.start', { categories: 'disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
  return {
    async stop() {
      const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
      await cdp.send('Tracing.end');
      await complete;
      await cdp.detach();
      const mainThreads = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
      const tasks = events.filter((e) => e.ph === 'X' && e.name === 'RunTask' && mainThreads.has(`${e.pid}:${e.tid}`));
      // The page's renderer is the busiest one (others are blank pages or utility frames).
      const perThread = new Map<string, number>();
      for (const t of tasks) perThread.set(`${t.pid}:${t.tid}`, (perThread.get(`${t.pid}:${t.tid}`) ?? 0) + 1);
      const busiest = [...perThread].sort((a, b) => b[1] - a[1])[0]?.[0];
      return tasks
        .filter((t) => `${t.pid}:${t.tid}` === busiest && (t.dur ?? 0) >= minMs * 1000)
        .map((t) => ({ startUs: t.ts ?? 0, wallMs: (t.dur ?? 0) / 1000, cpuMs: t.tdur === undefined ? null : t.tdur / 1000 }))
        .sort((a, b) => b.wallMs - a.wallMs);
    },
  };
}
