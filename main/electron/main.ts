/**
 * Electron main: the desktop host. Thin on purpose (it cannot be launched on the build machines): the engine
 * runs in a utility process behind the host kit's HostService; this file wires windows, menus, protocols and IPC.
 */
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell, utilityProcess } from 'electron';
import { engineEntryPath } from '../engine/index.js';
import { IPC_CHANNELS, type HostEvent } from '../../shared/contract/host-api.js';
import { HostService, parityInstall, rendererDist, sharedHandlers, type HostHandlers } from '../host/index.js';
import { aboutDetail, menuTemplate } from './app-menu.js';
import { desktopHandlers } from './desktop-handlers.js';
import { EngineLog } from './engine-log.js';
import { registerIpc } from './ipc-manager.js';
import { createMainWindow, preloadBundle } from './main-window.js';
import { engineExecArgv, sharpModeFor, wasmSharpAvailable } from './native-sharp.js';
import { handleProtocols, registerSchemes } from './protocols.js';
import { utilityChannelFactory } from './utility-engine-channel.js';

registerSchemes(protocol);

let mainWindow: BrowserWindow | null = null;

function send(event: HostEvent): void {
  if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(IPC_CHANNELS.event, event);
}

async function openWindow(): Promise<void> {
  mainWindow = await createMainWindow(path.join(app.getPath('userData'), 'window-state.json'), preloadBundle(parityInstall().root));
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}

async function boot(): Promise<void> {
  await app.whenReady();
  // The app asks for no web permission (camera, notifications, …): refuse them all.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  const log = new EngineLog(path.join(app.getPath('logs'), 'engine.log'));
  const sharpMode = sharpModeFor(process.platform, wasmSharpAvailable());
  log.line(`Parity ${parityInstall().version}, Electron ${process.versions.electron}, sharp mode ${sharpMode}`);
  const service = await HostService.create({
    channelFactory: utilityChannelFactory({
      fork: (modulePath, args, options) => utilityProcess.fork(modulePath, args, options),
      entry: engineEntryPath(),
      log,
      execArgv: engineExecArgv(sharpMode),
    }),
    logHint: `The engine log is ${log.file}.`,
    onLog: (level, message) => log.line(`[${level}] ${message}`),
  });
  handleProtocols(protocol, rendererDist(), service.runs);
  const handlers: HostHandlers = { ...sharedHandlers(service), ...desktopHandlers(service, () => mainWindow) };
  registerIpc(ipcMain, handlers);
  service.subscribe(send);

  const pickAndSend = async (kind: 'model' | 'images' | 'run', action: 'open-model' | 'open-images' | 'open-run'): Promise<void> => {
    const { paths } = await handlers.pickPaths({ kind, multiple: false });
    if (paths.length > 0) send({ type: 'menu', action, paths });
  };
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate(
        {
          openModel: () => void pickAndSend('model', 'open-model'),
          openImages: () => void pickAndSend('images', 'open-images'),
          openRun: () => void pickAndSend('run', 'open-run'),
          exportReport: () => send({ type: 'menu', action: 'export-report', paths: [] }),
          openLogFolder: () => void shell.openPath(path.dirname(log.file)),
          about: () =>
            void service.versions().then((engine) =>
              dialog.showMessageBox({
                type: 'info',
                title: 'About Parity',
                message: 'Parity',
                detail: aboutDetail({
                  parity: parityInstall().version,
                  electron: process.versions.electron ?? '',
                  chrome: process.versions.chrome ?? '',
                  node: process.versions.node,
                  ...engine,
                }),
              }),
            ),
        },
        process.platform,
      ),
    ),
  );

  app.on('second-instance', () => {
    if (!mainWindow) return void openWindow();
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let stopped = false;
  app.on('will-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    stopped = true;
    void service
      .close()
      .then(() => log.close())
      .finally(() => app.quit());
  });
  await openWindow();
}

// One instance: a second launch focuses the first window instead of starting another engine.
if (app.requestSingleInstanceLock()) {
  boot().catch((error: unknown) => {
    dialog.showErrorBox('Parity could not start', error instanceof Error ? error.message : String(error));
    app.exit(1);
  });
} else {
  app.quit();
}
