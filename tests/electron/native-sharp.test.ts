/**
 * The Linux rule "no native sharp inside Electron": the request predicate, the mode choice, and the hook itself,
 * run in a real Node process against the real sharp package of this checkout.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { engineExecArgv, isNativeSharpLinuxRequest, sharpModeFor, wasmSharpAvailable } from '../../main/electron/native-sharp.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const hook = path.join(root, 'dist', 'main', 'electron', 'block-native-sharp.js');

function loadSharp(execArgv: string[]): { loaded: boolean; output: string } {
  const script = `import('sharp').then((m) => { console.log('loaded', m.default.versions.sharp); }, (e) => { console.log('failed', e.message); });`;
  const run = spawnSync(process.execPath, [...execArgv, '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', timeout: 30_000 });
  const output = `${run.stdout}${run.stderr}`;
  return { loaded: output.startsWith('loaded'), output };
}

describe('native sharp on Linux', () => {
  it('recognises the native Linux packages and nothing else', () => {
    expect(isNativeSharpLinuxRequest('@img/sharp-linux-x64/sharp.node')).toBe(true);
    expect(isNativeSharpLinuxRequest('@img/sharp-linuxmusl-arm64/sharp.node')).toBe(true);
    expect(isNativeSharpLinuxRequest('@img/sharp-libvips-linux-x64')).toBe(true);
    expect(isNativeSharpLinuxRequest('../src/build/Release/sharp-linux-x64-0.35.5.node')).toBe(true);
    expect(isNativeSharpLinuxRequest('@img/sharp-wasm32/sharp.node')).toBe(false);
    expect(isNativeSharpLinuxRequest('@img/sharp-darwin-arm64/sharp.node')).toBe(false);
    expect(isNativeSharpLinuxRequest('sharp')).toBe(false);
  });

  it('chooses wasm32 on Linux when it is installed, native elsewhere', () => {
    expect(sharpModeFor('linux', true)).toBe('wasm32');
    expect(sharpModeFor('linux', false)).toBe('native-unsafe');
    expect(sharpModeFor('darwin', false)).toBe('native');
    expect(sharpModeFor('win32', true)).toBe('native');
    expect(engineExecArgv('wasm32', '/x/hook.js')).toEqual(['--import', '/x/hook.js']);
    expect(engineExecArgv('native-unsafe', '/x/hook.js')).toEqual([]);
  });

  it.runIf(process.platform === 'linux')('the hook keeps native sharp from loading, so sharp turns to its wasm32 build', () => {
    expect(existsSync(hook), 'run `npm run build` first').toBe(true);
    const plain = loadSharp([]);
    expect(plain.loaded, plain.output).toBe(true);
    const hooked = loadSharp(['--import', pathToFileURL(hook).href]);
    if (wasmSharpAvailable()) {
      // With @img/sharp-wasm32 installed the same import succeeds on the wasm build.
      expect(hooked.loaded, hooked.output).toBe(true);
    } else {
      expect(hooked.loaded).toBe(false);
      expect(hooked.output).toContain('Could not load the "sharp" module');
      expect(hooked.output).not.toContain('Prebuilt binaries for Linux');
    }
  });
});
