/** Screens and the hash routes that address them (#/results/<runId>), so a reload stays on the same screen. */
import { useSyncExternalStore } from 'react';

export const SCREENS = ['start', 'model', 'convert', 'run', 'results', 'export', 'drift'] as const;
export type ScreenId = (typeof SCREENS)[number];

export interface Route {
  screen: ScreenId;
  /** The run shown by Results and Export. */
  runId: string | null;
}

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  const screen = (SCREENS as readonly string[]).includes(parts[0] ?? '') ? (parts[0] as ScreenId) : 'start';
  return { screen, runId: parts[1] ?? null };
}

export function hrefOf(route: Partial<Route> & { screen: ScreenId }): string {
  return `#/${route.screen}${route.runId ? `/${encodeURIComponent(route.runId)}` : ''}`;
}

export function navigate(route: Partial<Route> & { screen: ScreenId }): void {
  const href = hrefOf(route);
  if (window.location.hash !== href) window.location.hash = href;
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

export function useHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash);
}
