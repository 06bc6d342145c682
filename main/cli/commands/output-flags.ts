/** --quiet and --verbose: how much a command that runs engine jobs shows on stderr (see engine-session.ts). */
import type { FlagTable } from '../flags.js';

export const VERBOSE_FLAG: FlagTable = { verbose: { help: "show the engine's log" } };

export const OUTPUT_FLAGS: FlagTable = { quiet: { help: 'no progress output' }, ...VERBOSE_FLAG };
