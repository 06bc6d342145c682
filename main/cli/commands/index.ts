import type { CliCommand } from '../command.js';
import { benchCommand } from './bench.js';
import { compareCommand } from './compare.js';
import { convertCommand } from './convert.js';
import { demoCommand } from './demo.js';
import { inspectCommand } from './inspect.js';
import { perturbCommand } from './perturb.js';
import { serveCommand } from './serve.js';

/** Every `parity` subcommand, in the order `parity --help` lists them. */
export const COMMANDS: Record<string, CliCommand> = {
  demo: demoCommand,
  inspect: inspectCommand,
  compare: compareCommand,
  convert: convertCommand,
  perturb: perturbCommand,
  bench: benchCommand,
  serve: serveCommand,
};
