import type { WebPreferences } from 'electron';

/**
 * The renderer's settings, Electron's security checklist applied: an isolated, sandboxed page without Node, web
 * security on, no remote content features. A pure function so that a unit test can hold every flag in place.
 */
export function secureWebPreferences(preloadPath: string | null): WebPreferences {
  return {
    ...(preloadPath ? { preload: preloadPath } : {}),
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools: true,
  };
}
