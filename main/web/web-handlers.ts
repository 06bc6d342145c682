/** The three host methods whose answer is particular to the web host. */
import { WEB_ROUTES } from '../../shared/contract/host-api.js';
import { ParityError } from '../../shared/errors.js';
import { parityInstall, type HostHandlers, type HostService, type HostSpecificMethods } from '../host/index.js';

export function webHandlers(service: HostService): Pick<HostHandlers, HostSpecificMethods> {
  return {
    appInfo: async () => {
      const engine = await service.versions();
      return {
        host: 'web',
        versions: {
          parity: parityInstall().version,
          electron: null,
          node: process.versions.node,
          onnxruntime: engine.onnxruntime,
          sharp: engine.sharp,
          chrome: null,
        },
        dataDir: service.dataDir,
        canPickFiles: false,
      };
    },
    pickPaths: async () => {
      throw new ParityError('UNSUPPORTED', 'The web host has no file dialog.', 'Drop files to upload them, or type a path on the server.');
    },
    exportReport: async ({ runId, format }) => {
      // Fails with a not-found error when the run or the file is missing.
      await service.reportFile(runId, format === 'pdf' ? 'html' : format);
      if (format === 'pdf') return { savedTo: null, downloadUrl: WEB_ROUTES.runAsset(runId, 'report.html') };
      return { savedTo: null, downloadUrl: WEB_ROUTES.runExport(runId, format) };
    },
  };
}
