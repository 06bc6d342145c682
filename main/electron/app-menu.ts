import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  openModel(): void;
  openImages(): void;
  openRun(): void;
  exportReport(): void;
  about(): void;
  openLogFolder(): void;
}

/** The application menu: File, Edit (for text fields), View, Help; on macOS the app menu comes first. */
export function menuTemplate(actions: MenuActions, platform: NodeJS.Platform, appName = 'Parity'): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'Open Model…', accelerator: 'CmdOrCtrl+O', click: () => actions.openModel() },
      { label: 'Open Images…', accelerator: 'CmdOrCtrl+Shift+O', click: () => actions.openImages() },
      { label: 'Open Run Folder…', click: () => actions.openRun() },
      { type: 'separator' },
      { label: 'Export Report…', accelerator: 'CmdOrCtrl+E', click: () => actions.exportReport() },
      { type: 'separator' },
      mac ? { role: 'close' } : { role: 'quit', label: 'Quit', accelerator: 'Ctrl+Q' },
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: '&Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  };
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      { role: 'reload' },
      { role: 'toggleDevTools' },
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const help: MenuItemConstructorOptions = {
    role: 'help',
    label: '&Help',
    submenu: [
      { label: 'Open Engine Log Folder', click: () => actions.openLogFolder() },
      ...(mac ? [] : [{ type: 'separator' } as const, { label: `About ${appName}`, click: () => actions.about() }]),
    ],
  };
  const macApp: MenuItemConstructorOptions = {
    label: appName,
    submenu: [
      { label: `About ${appName}`, click: () => actions.about() },
      { type: 'separator' },
      { role: 'services' },
      { type: 'separator' },
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      { type: 'separator' },
      { role: 'quit', label: `Quit ${appName}` },
    ],
  };
  return mac ? [macApp, file, edit, view, help] : [file, edit, view, help];
}

export interface AboutVersions {
  parity: string;
  electron: string;
  chrome: string;
  node: string;
  onnxruntime: string;
  sharp: string;
}

/** The About box's text: every version a bug report needs. */
export function aboutDetail(v: AboutVersions): string {
  return [
    `Parity ${v.parity}`,
    `Electron ${v.electron}`,
    `Chromium ${v.chrome}`,
    `Node.js ${v.node}`,
    `ONNX Runtime ${v.onnxruntime}`,
    `sharp ${v.sharp}`,
  ].join('\n');
}
