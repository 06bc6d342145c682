/** The desktop menu's File > Open model… / Open images… / Open run folder… / Export report…, paths already chosen. */
import type { HostEvent } from '../../../shared/contract/host-api.js';
import { errorDataOf } from '../api/host-error.js';
import { api } from '../state/client.js';
import { refreshRuns } from '../state/host.js';
import { notify } from '../state/notices.js';
import { openImages, openModel } from '../state/project-actions.js';
import { navigate, parseRoute } from './routes.js';

type MenuEvent = Extract<HostEvent, { type: 'menu' }>;

/** Carries out one menu action; errors become a notice. */
export async function onMenu({ action, paths }: Pick<MenuEvent, 'action' | 'paths'>): Promise<void> {
  const path = paths[0];
  try {
    if (action === 'open-model' && path) {
      await openModel(path, 'menu');
      navigate({ screen: 'start' });
    } else if (action === 'open-images' && path) {
      await openImages(path);
      navigate({ screen: 'start' });
    } else if (action === 'open-run' && path) {
      const listing = await api().openRun({ path });
      await refreshRuns();
      navigate({ screen: 'results', runId: listing.runId });
    } else if (action === 'export-report') {
      navigate({ screen: 'export', runId: parseRoute(window.location.hash).runId });
    }
  } catch (error) {
    const data = errorDataOf(error);
    notify('bad', data.message, data.hint);
  }
}
