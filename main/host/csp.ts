/**
 * Content-Security-Policy headers. The renderer runs only its own bundled scripts (no eval: charts use
 * vega-interpreter); styles allow inline because React and Vega set style attributes. Run assets are
 * sandboxed documents: a report's own script runs, but in an opaque origin that cannot call the host API.
 */
import { APP_ORIGIN, RUN_ASSET_SCHEME } from '../../shared/contract/host-channels.js';

export function rendererCsp(host: 'web' | 'desktop'): string {
  const runAssets = host === 'desktop' ? ` ${RUN_ASSET_SCHEME}:` : '';
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${runAssets}`,
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self'",
    `frame-src 'self'${runAssets}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** For files served out of run folders (report.html, thumbnails): no network, no plugins, an opaque origin. */
export function runAssetCsp(host: 'web' | 'desktop'): string {
  return [
    'sandbox allow-scripts allow-modals allow-downloads',
    "default-src 'none'",
    "img-src 'self' data: blob:",
    "style-src 'unsafe-inline'",
    "script-src 'unsafe-inline'",
    "base-uri 'none'",
    "form-action 'none'",
    // The desktop renderer (app://parity) may frame a report; on the web the page and its assets share an origin.
    `frame-ancestors ${host === 'desktop' ? APP_ORIGIN : "'self'"}`,
  ].join('; ');
}
