/** The connection to the host: start-up, event handling and resynchronisation (the client is in ./client.ts). */
import type { HostEvent } from '../../../shared/contract/host-api.js';
import { errorDataOf } from '../api/host-error.js';
import { forgetTokenInAddress, pickClient } from '../api/pick-client.js';
import { appStore } from './app-state.js';
import { api, setClient } from './client.js';
import { receiveJob } from './job-events.js';
import { notify } from './notices.js';

type MenuEvent = Extract<HostEvent, { type: 'menu' }>;
type MenuHandler = (event: MenuEvent) => Promise<void>;

let menuHandler: MenuHandler | null = null;

/** What the desktop menu's actions do, wired by the app (menu actions open projects and runs: state does not). */
export function onMenuActions(handler: MenuHandler): void {
  menuHandler = handler;
}

function onHostEvent(event: HostEvent): void {
  switch (event.type) {
    case 'job':
      receiveJob(event.job);
      return;
    case 'engine':
      appStore.set({ engine: { state: event.state, message: event.message } });
      if (event.state === 'crashed') {
        notify('bad', 'The engine process stopped.', event.message ?? 'It restarts on the next job; a job that was running is marked failed.');
      }
      return;
    case 'menu':
      void menuHandler?.(event);
      return;
  }
}

/** Lists jobs, runs and recent projects again (start-up, and after the event stream reconnects). */
export async function resync(): Promise<void> {
  const c = api();
  const [jobs, runs, recent] = await Promise.all([c.listJobs({}), c.listRuns({}), c.listRecent({})]);
  for (const job of jobs) receiveJob(job);
  appStore.set({ runs, recent });
}

export async function refreshRuns(): Promise<void> {
  try {
    appStore.set({ runs: await api().listRuns({}) });
  } catch (error) {
    const data = errorDataOf(error);
    notify('bad', data.message, data.hint);
  }
}

/** Connects to the host, loads what it knows and starts listening to its events. */
export async function connect(): Promise<void> {
  const client = pickClient(() => {
    appStore.set({ connection: 'ready', connectionError: null });
    void resync().catch(() => undefined);
  });
  setClient(client);
  try {
    const info = await client.appInfo({});
    forgetTokenInAddress();
    client.onEvent(onHostEvent);
    appStore.set({ info, connection: 'ready', connectionError: null });
    await resync();
  } catch (error) {
    appStore.set({ connection: 'failed', connectionError: errorDataOf(error) });
  }
}
