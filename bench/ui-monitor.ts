/**
 * A main-thread monitor injected into the page before the app loads: every long task (PerformanceObserver
 * 'longtask', tasks over 50 ms) and the longest gap between animation frames, which also catches long work the
 * long-task API attributes elsewhere. Kept as a script string: the bench compiles without the DOM library.
 */
import { z } from 'zod';
import type { Page } from 'playwright-core';

const MONITOR = `(() => {
  const state = { tasks: [], maxGap: 0, frames: 0, last: 0, since: performance.now(), updates: 0 };
  // Progress text changes the user sees, counted here rather than by polling the page from outside.
  new MutationObserver((records) => {
    for (const r of records) {
      const el = r.target.nodeType === 3 ? r.target.parentElement : r.target;
      if (el && el.closest && el.closest('.job-progress-text')) { state.updates++; return; }
    }
  }).observe(document, { subtree: true, childList: true, characterData: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) state.tasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  const frame = (t) => {
    if (state.last && t - state.last > state.maxGap) state.maxGap = t - state.last;
    state.last = t;
    state.frames++;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  window.__parityUiMonitor = {
    reset() { state.tasks = []; state.maxGap = 0; state.frames = 0; state.last = 0; state.since = performance.now(); state.updates = 0; },
    read() {
      const tasks = state.tasks.filter((t) => t.start >= state.since);
      const worst = [...tasks].sort((a, b) => b.duration - a.duration).slice(0, 5).map((t) => ({ atMs: t.start - state.since, durationMs: t.duration }));
      return { longTasks: tasks.length, longestTaskMs: tasks.reduce((m, t) => Math.max(m, t.duration), 0), worst, maxFrameGapMs: state.maxGap, frames: state.frames, elapsedMs: performance.now() - state.since, progressUpdates: state.updates };
    },
  };
})();`;

export const MonitorReadingSchema = z.object({
  longTasks: z.number(),
  longestTaskMs: z.number(),
  /** The longest tasks, with when they started after the reset. */
  worst: z.array(z.object({ atMs: z.number(), durationMs: z.number() })),
  maxFrameGapMs: z.number(),
  frames: z.number(),
  elapsedMs: z.number(),
  progressUpdates: z.number(),
});
export type MonitorReading = z.infer<typeof MonitorReadingSchema>;

/** Installs the monitor in every document the page loads from now on. */
export async function installMonitor(page: Page): Promise<void> {
  await page.addInitScript({ content: MONITOR });
}

export async function resetMonitor(page: Page): Promise<void> {
  await page.evaluate('window.__parityUiMonitor.reset()');
}

export async function readMonitor(page: Page): Promise<MonitorReading> {
  return MonitorReadingSchema.parse(await page.evaluate('window.__parityUiMonitor.read()'));
}
