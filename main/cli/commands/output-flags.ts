/**
 * --quiet and --verbose: how much a command that runs engine jobs shows on stderr (see engine-session.ts); and the
 * report copies (--json, --report, …) a command writes besides its run folder.
 */
import path from 'node:path';
import { flagText, type FlagTable, type Parsed } from '../flags.js';

export const VERBOSE_FLAG: FlagTable = { verbose: { help: "show the engine's log" } };

export const OUTPUT_FLAGS: FlagTable = { quiet: { help: 'no progress output' }, ...VERBOSE_FLAG };

/** The copies asked for, as the job's `copies` takes them: each [flag, key] given becomes key → absolute path. */
export function reportCopies<K extends string>(parsed: Parsed, flags: ReadonlyArray<readonly [flag: string, key: K]>): Partial<Record<K, string>> {
  const copies: Partial<Record<K, string>> = {};
  for (const [flag, key] of flags) {
    const value = flagText(parsed, flag);
    if (value) copies[key] = path.resolve(value);
  }
  return copies;
}
