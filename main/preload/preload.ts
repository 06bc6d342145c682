/**
 * The sandboxed preload: exposes window.parity (the contract's ParityApi) through contextBridge. Bundled to
 * CommonJS by scripts/build.js, as Electron's sandbox requires.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { buildParityApi } from './parity-api.js';

const api = buildParityApi({
  invoke: (channel, params) => ipcRenderer.invoke(channel, params),
  on: (channel, listener) => ipcRenderer.on(channel, listener),
  off: (channel, listener) => ipcRenderer.removeListener(channel, listener),
  pathForFile: (file) => webUtils.getPathForFile(file as Parameters<typeof webUtils.getPathForFile>[0]),
});

contextBridge.exposeInMainWorld('parity', api);
