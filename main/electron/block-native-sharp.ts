/**
 * Loaded with `--import` before the engine in Electron on Linux: makes sharp's native Linux packages unresolvable,
 * so sharp falls back to @img/sharp-wasm32 (see native-sharp.ts for why). sharp loads its binding with require(),
 * which goes through Module._resolveFilename in every Node version.
 */
import Module from 'node:module';
import { isNativeSharpLinuxRequest } from './native-sharp.js';

type Resolve = (request: string, ...rest: unknown[]) => string;
const loader = Module as unknown as { _resolveFilename: Resolve };
const original = loader._resolveFilename;

loader._resolveFilename = function resolveWithoutNativeSharp(this: unknown, request: string, ...rest: unknown[]): string {
  if (isNativeSharpLinuxRequest(request)) {
    const error = new Error(`Cannot find module '${request}' (native sharp is disabled inside Electron on Linux)`) as NodeJS.ErrnoException;
    error.code = 'MODULE_NOT_FOUND';
    throw error;
  }
  return original.call(this, request, ...rest);
};
