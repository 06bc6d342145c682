/** The host methods particular to the desktop: native dialogs, save-as export (PDF by printToPDF), shell versions. */
import path from 'node:path';
import { app, dialog, type BrowserWindow } from 'electron';
import { parityInstall, type HostHandlers, type HostService, type HostSpecificMethods } from '../host/index.js';
import { exportFilter, openDialogOptions } from './dialog-filters.js';
import { exportPdf } from './pdf-export.js';

export function desktopHandlers(service: HostService, window: () => BrowserWindow | null): Pick<HostHandlers, HostSpecificMethods> {
  return {
    appInfo: async () => {
      const engine = await service.versions();
      return {
        host: 'desktop',
        versions: {
          parity: parityInstall().version,
          electron: process.versions.electron ?? null,
          node: process.versions.node,
          onnxruntime: engine.onnxruntime,
          sharp: engine.sharp,
          chrome: process.versions.chrome ?? null,
        },
        dataDir: service.dataDir,
        canPickFiles: true,
      };
    },
    pickPaths: async ({ kind, multiple }) => {
      const win = window();
      const options = openDialogOptions(kind, multiple);
      const picked = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      if (picked.canceled) return { paths: [] };
      for (const p of picked.filePaths) await service.roots.add(p);
      return { paths: picked.filePaths };
    },
    exportReport: async ({ runId, format }) => {
      // Fails with a not-found error before any dialog when the run has no report.
      await service.reportFile(runId, format === 'pdf' ? 'html' : format);
      const win = window();
      const options = {
        title: 'Export report',
        defaultPath: path.join(app.getPath('documents'), `parity-${runId}.${format}`),
        filters: [exportFilter(format)],
      };
      const chosen = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      if (chosen.canceled || !chosen.filePath) return { savedTo: null, downloadUrl: null };
      if (format === 'pdf') await exportPdf(runId, chosen.filePath);
      else await service.exportCopy(runId, format, chosen.filePath);
      return { savedTo: chosen.filePath, downloadUrl: null };
    },
  };
}
