/** Issue 7 item 7: the desktop window's security settings, held in place by pure functions. */
import { describe, expect, it } from 'vitest';
import { secureWebPreferences } from '../../main/electron/web-preferences.js';
import { externalLinkTarget, isAppUrl, navigationAllowed } from '../../main/electron/navigation-policy.js';
import { rendererCsp, runAssetCsp } from '../../main/host/index.js';

describe('secureWebPreferences', () => {
  it('isolates and sandboxes the renderer, without Node, with web security on', () => {
    const prefs = secureWebPreferences('/app/dist/preload/preload.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/dist/preload/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
    });
  });
  it('gives hidden helper windows (PDF export) no preload at all', () => {
    const prefs = secureWebPreferences(null);
    expect('preload' in prefs).toBe(false);
    expect(prefs.sandbox).toBe(true);
  });
});

describe('navigation and window.open policy', () => {
  it('allows only the app origin', () => {
    expect(isAppUrl('app://parity/index.html')).toBe(true);
    expect(navigationAllowed('app://parity/index.html#/runs')).toBe(true);
    for (const url of ['https://example.com/', 'file:///etc/passwd', 'app://other/index.html', 'parity-run://runs/x/report.html', 'javascript:alert(1)', 'not a url']) {
      expect(navigationAllowed(url), url).toBe(false);
    }
  });
  it('hands only public https links without credentials to the browser', () => {
    expect(externalLinkTarget('https://onnxruntime.ai/docs/')).toBe('https://onnxruntime.ai/docs/');
    for (const url of [
      'http://example.com/',
      'https://user:pw@example.com/',
      'https://localhost/',
      'https://127.0.0.1:8080/',
      'https://[::1]/',
      'https://intranet/',
      'file:///etc/passwd',
      'app://parity/',
      'smb://server/share',
      'javascript:alert(1)',
    ]) {
      expect(externalLinkTarget(url), url).toBeNull();
    }
  });
});

describe('content security policies', () => {
  it('lets the renderer run only its own scripts, never eval', () => {
    for (const host of ['web', 'desktop'] as const) {
      const csp = rendererCsp(host);
      expect(csp).toContain("default-src 'none'");
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).not.toContain('unsafe-eval');
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
    }
    expect(rendererCsp('desktop')).toContain("img-src 'self' data: blob: parity-run:");
    expect(rendererCsp('web')).not.toContain('parity-run');
  });
  it('sandboxes run assets into an opaque origin that the desktop renderer may frame', () => {
    expect(runAssetCsp('desktop')).toMatch(/^sandbox allow-scripts allow-modals allow-downloads;/);
    expect(runAssetCsp('desktop')).not.toContain('allow-same-origin');
    expect(runAssetCsp('desktop')).toContain('frame-ancestors app://parity');
    expect(runAssetCsp('web')).toContain("frame-ancestors 'self'");
  });
});
