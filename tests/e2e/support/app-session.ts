/** One web host and one browser on the app for a test file: started before its tests, stopped after them. */
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser, type Browser } from './browser.js';
import { startWebHost, type WebHost } from './web-host.js';
import { openApp } from './app.js';

export interface AppSession {
  host: WebHost;
  browser: Browser;
}

/** Call at the top level of a test file; the fields are set once its beforeAll has run. */
export function appSession(viewport: { width?: number; height?: number } = {}): AppSession {
  const session = {} as AppSession;
  beforeAll(async () => {
    session.host = await startWebHost();
    session.browser = await launchBrowser(viewport);
    await openApp(session.browser.page, session.host.url);
  });
  afterAll(async () => {
    await session.browser?.close();
    await session.host?.stop();
  });
  return session;
}
