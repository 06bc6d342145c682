/** Short notices in the corner of the window (job finished, export saved, an error with its hint). */
import { appStore, type Notice } from './app-state.js';

let nextId = 1;
const LIFETIME_MS = { info: 5000, good: 5000, bad: 12000 } as const;

export function dismissNotice(id: number): void {
  appStore.set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
}

export function notify(tone: Notice['tone'], message: string, hint?: string): void {
  const id = nextId++;
  appStore.set((s) => ({ notices: [...s.notices.slice(-3), { id, tone, message, hint }] }));
  setTimeout(() => dismissNotice(id), LIFETIME_MS[tone]);
}
