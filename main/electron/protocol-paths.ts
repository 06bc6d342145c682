/**
 * Which file an app:// or parity-run:// request names, scoped with the host kit's real-path checks. Pure of
 * Electron, so the scoping is unit-tested in plain Node.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { RUN_ASSET_SCHEME } from '../../shared/contract/host-channels.js';
import { RUN_ASSET_MARKERS, decodePathSegments, resolveInside, type HostService } from '../host/index.js';
import { isAppOriginUrl } from './app-origin.js';

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** app://parity/<path> → a file of the renderer build; app routes without an extension get index.html. */
export async function appFileFor(url: string, rendererDir: string): Promise<string | null> {
  const parsed = parse(url);
  if (!parsed || !isAppOriginUrl(url)) return null;
  const segments = decodePathSegments(parsed.pathname);
  if (!segments) return null;
  if (segments.length === 0) return resolveInside(rendererDir, 'index.html');
  const file = await resolveInside(rendererDir, segments.join('/'));
  if (file && existsSync(file)) return file;
  if (file !== null && path.extname(segments[segments.length - 1] ?? '') === '') return resolveInside(rendererDir, 'index.html');
  return null;
}

export type RunResolver = Pick<HostService['runs'], 'resolve'>;

/** parity-run://runs/<runId>/<relPath> → a file inside that run's folder, or null. */
export async function runAssetFileFor(url: string, runs: RunResolver): Promise<string | null> {
  const parsed = parse(url);
  if (!parsed || parsed.protocol !== `${RUN_ASSET_SCHEME}:` || parsed.hostname !== 'runs') return null;
  const segments = decodePathSegments(parsed.pathname);
  if (!segments || segments.length < 2) return null;
  const [runId, ...rel] = segments as [string, ...string[]];
  let runDir: string;
  try {
    ({ runDir } = await runs.resolve(runId, RUN_ASSET_MARKERS));
  } catch {
    return null;
  }
  const file = await resolveInside(runDir, rel.join('/'));
  return file && existsSync(file) ? file : null;
}
