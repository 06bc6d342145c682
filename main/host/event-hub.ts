import type { HostEvent } from '../../shared/contract/host-api.js';

export type HostEventListener = (event: HostEvent) => void;

/** Fans host events out to every subscriber (SSE connections, the desktop window); one failing listener does not stop the others. */
export class EventHub {
  private readonly listeners = new Set<HostEventListener>();

  subscribe(listener: HostEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(event: HostEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // a broken subscriber (closed socket, destroyed window) must not stop the others
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }
}
