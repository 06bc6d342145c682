/** The host client the whole renderer talks through, in a module of its own so that nothing imports in a circle. */
import type { ParityClient } from '../api/parity-client.js';

let client: ParityClient | null = null;

/** The host client; only valid after connect() set it. */
export function api(): ParityClient {
  if (!client) throw new Error('api() called before connect()');
  return client;
}

/** Installs the client (connect() at start-up; tests may install their own). */
export function setClient(next: ParityClient): void {
  client = next;
}
