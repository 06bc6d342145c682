/** A minimal external store for React (useSyncExternalStore): one immutable state object, shallow updates. */
import { useSyncExternalStore } from 'react';

export interface Store<T> {
  get(): T;
  set(update: Partial<T> | ((state: T) => Partial<T>)): void;
  subscribe(listener: () => void): () => void;
}

export function createStore<T extends object>(initial: T): Store<T> {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set(update) {
      const patch = typeof update === 'function' ? update(state) : update;
      state = { ...state, ...patch };
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Subscribes a component to one slice; the selector must return a value stored in the state (not a new object). */
export function useSelect<T, S>(store: Store<T>, select: (state: T) => S): S {
  const read = (): S => select(store.get());
  // The same read on a server render (component tests render screens with react-dom/server).
  return useSyncExternalStore(store.subscribe, read, read);
}
