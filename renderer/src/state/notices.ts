/** Short notices in the corner of the window (job finished, export saved, an error with its hint). */
import { appStore, type Notice } from './app-state.js';

let nextId = 1;
const LIFETIME_MS = { info: 5000, good: 5000, bad: 12000 } as const;
const ACTION_LIFETIME_MS = 20_000;

export function dismissNotice(id: number): void {
  appStore.set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
}

export function notify(tone: Notice['tone'], message: string, hint?: string, action?: Notice['action']): void {
  const id = nextId++;
  appStore.set((s) => ({ notices: [...s.notices.slice(-3), { id, tone, message, hint, action }] }));
  // A notice that offers a way on stays until it can be read and used.
  setTimeout(() => dismissNotice(id), action ? ACTION_LIFETIME_MS : LIFETIME_MS[tone]);
}
