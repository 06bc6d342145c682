/** The one window: restored bounds, secure preferences, every navigation and popup denied, state saved as it moves. */
import path from 'node:path';
import { BrowserWindow, screen, shell } from 'electron';
import { APP_ORIGIN } from '../../shared/contract/host-channels.js';
import { externalLinkTarget, navigationAllowed } from './navigation-policy.js';
import { secureWebPreferences } from './web-preferences.js';
import { boundsToRestore, loadWindowState, saveWindowState, stateOf } from './window-state.js';

export async function createMainWindow(stateFile: string, preloadPath: string): Promise<BrowserWindow> {
  const saved = await loadWindowState(stateFile);
  const { bounds, maximized } = boundsToRestore(saved, screen.getAllDisplays().map((d) => d.workArea));
  const window = new BrowserWindow({
    ...bounds,
    minWidth: 800,
    minHeight: 560,
    show: false,
    title: 'Parity',
    backgroundColor: '#00000000',
    webPreferences: secureWebPreferences(preloadPath),
  });
  if (maximized) window.maximize();
  window.once('ready-to-show', () => window.show());

  const contents = window.webContents;
  contents.on('will-navigate', (event, url) => {
    if (!navigationAllowed(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!navigationAllowed(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const external = externalLinkTarget(url);
    if (external) void shell.openExternal(external);
    return { action: 'deny' };
  });

  let saveTimer: NodeJS.Timeout | undefined;
  const save = (): void => {
    if (window.isDestroyed()) return;
    void saveWindowState(stateFile, stateOf(window.getNormalBounds(), window.isMaximized())).catch(() => undefined);
  };
  const saveSoon = (): void => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(save, 500);
  };
  window.on('resize', saveSoon);
  window.on('move', saveSoon);
  window.on('close', () => {
    clearTimeout(saveTimer);
    save();
  });

  await window.loadURL(`${APP_ORIGIN}/index.html`);
  return window;
}

/** The preload bundle built by scripts/build.js. */
export function preloadBundle(appRoot: string): string {
  return path.join(appRoot, 'dist', 'preload', 'preload.cjs');
}
