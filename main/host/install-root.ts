import path from 'node:path';
import { parityVersion, projectRoot } from '../engine/index.js';

/** The folder holding Parity's package.json and its version (from sources, dist/ or an Electron asar alike). */
export function parityInstall(): { root: string; version: string } {
  return { root: projectRoot(), version: parityVersion() };
}

/** The built renderer (vite output) both hosts serve. */
export function rendererDist(): string {
  return path.join(projectRoot(), 'dist', 'renderer');
}
