/** The connection to the host: the client singleton, start-up, event handling and resynchronisation. */
import type { HostEvent } from '../../../shared/contract/host-api.js';
import { errorDataOf } from '../api/host-error.js';
import type { ParityClient } from '../api/parity-client.js';
import { forgetTokenInAddress, pickClient } from '../api/pick-client.js';
import { appStore } from './app-state.js';
import { receiveJob } from './job-events.js';
import { notify } from './notices.js';
// A cycle (project actions call api()), harmless: neither module uses the other while loading.
import { openImages, openModel } from './project-actions.js';
import { navigate, parseRoute } from '../app/routes.js';

let client: ParityClient | null = null;

/** The host client; only valid after connect() started. */
export function api(): ParityClient {
  if (!client) throw new Error('api() called before connect()');
  return client;
}

/** The desktop menu's File > Open model… / Open images… / Open run folder… / Export report…, paths already chosen in a dialog. */
async function onMenu(action: 'open-model' | 'open-images' | 'open-run' | 'export-report', paths: readonly string[]): Promise<void> {
  const path = paths[0];
  if (action === 'open-model' && path) {
    await openModel(path, 'menu');
    navigate({ screen: 'start' });
  } else if (action === 'open-images' && path) {
    await openImages(path);
    navigate({ screen: 'start' });
  } else if (action === 'open-run' && path) {
    try {
      const listing = await api().openRun({ path });
      await refreshRuns();
      navigate({ screen: 'results', runId: listing.runId });
    } catch (error) {
      const data = errorDataOf(error);
      notify('bad', data.message, data.hint);
    }
  } else if (action === 'export-report') {
    navigate({ screen: 'export', runId: parseRoute(window.location.hash).runId });
  }
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
      void onMenu(event.action, event.paths).catch((error: unknown) => {
        const data = errorDataOf(error);
        notify('bad', data.message, data.hint);
      });
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
  client = pickClient(() => {
    appStore.set({ connection: 'ready', connectionError: null });
    void resync().catch(() => undefined);
  });
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
