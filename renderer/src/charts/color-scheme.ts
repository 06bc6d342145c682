/** The OS colour scheme as a React value that follows changes (charts re-render in the new scheme). */
import { useSyncExternalStore } from 'react';
import type { ChartScheme } from '../../../shared/charts/theme.js';

const query = (): MediaQueryList => window.matchMedia('(prefers-color-scheme: dark)');

function subscribe(listener: () => void): () => void {
  const mq = query();
  mq.addEventListener('change', listener);
  return () => mq.removeEventListener('change', listener);
}

export function useColorScheme(): ChartScheme {
  return useSyncExternalStore(subscribe, () => (query().matches ? 'dark' : 'light'));
}
