/**
 * sharp's native Linux build can crash inside an Electron process (two copies of GLib; sharp's "Electron and
 * Linux" notes, electron issue 46323), and the engine's utility process is an Electron process. On Linux the
 * engine must use sharp's wasm32 build: the packaged app does not ship @img/sharp-linux-* at all (see
 * electron-builder.yml), and in a development checkout, where npm installed the native build, the engine starts
 * with block-native-sharp.js, which makes those packages unresolvable so that sharp falls back to @img/sharp-wasm32.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Module requests that load native sharp or its libvips on Linux (glibc or musl). */
export function isNativeSharpLinuxRequest(request: string): boolean {
  return /^@img\/sharp-(libvips-)?linux(musl)?-/.test(request) || /[\\/]build[\\/]Release[\\/]sharp-linux/.test(request);
}

/** Whether @img/sharp-wasm32 can be loaded from the app. */
export function wasmSharpAvailable(from: string = import.meta.url): boolean {
  try {
    // The package exports its manifest as "./package" (not "./package.json").
    createRequire(from).resolve('@img/sharp-wasm32/package');
    return true;
  } catch {
    return false;
  }
}

export type SharpMode = 'native' | 'wasm32' | 'native-unsafe';

/**
 * How the engine loads sharp: native off Linux; wasm32 on Linux when it is installed; otherwise native anyway
 * (a development checkout without @img/sharp-wasm32), which may crash — the engine client then restarts it.
 */
export function sharpModeFor(platform: NodeJS.Platform, wasmAvailable: boolean): SharpMode {
  if (platform !== 'linux') return 'native';
  return wasmAvailable ? 'wasm32' : 'native-unsafe';
}

/** The hook file next to this module, in the compiled tree. */
export function blockNativeSharpHook(): string {
  return path.join(path.dirname(fileURLToPath(import.meta.url)), 'block-native-sharp.js');
}

/** Node flags for the engine's utility process. */
export function engineExecArgv(mode: SharpMode, hookPath: string = blockNativeSharpHook()): string[] {
  return mode === 'wasm32' ? ['--import', hookPath] : [];
}
