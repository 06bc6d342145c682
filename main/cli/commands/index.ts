import type { CliCommand } from '../command.js';
import { benchCommand } from './bench.js';
import { bundleCommand } from './bundle.js';
import { compareCommand } from './compare.js';
import { convertCommand } from './convert.js';
import { demoCommand } from './demo.js';
import { driftCommand } from './drift.js';
import { exportScriptCommand } from './export-script.js';
import { inspectCommand } from './inspect.js';
import { layersCommand } from './layers.js';
import { mergeCommand } from './merge.js';
import { perturbCommand } from './perturb.js';
import { serveCommand } from './serve.js';

/**
 * Every `parity` subcommand, in the order `parity --help` lists them. A command is a CliCommand (command.ts) in its
 * own file: its FLAGS table (flags.ts: each flag's help line, and param(JobSchema, 'field') for the job parameter it
 * fills, whose default --help reads from the schema), its help words and examples, and run(), which calls
 * runJob(kind, { ...paramsFrom(FLAGS, parsed, JobSchema), …positionals }, outputOf(parsed)) and prints the result.
 */
export const COMMANDS: Record<string, CliCommand> = {
  demo: demoCommand,
  inspect: inspectCommand,
  compare: compareCommand,
  merge: mergeCommand,
  convert: convertCommand,
  perturb: perturbCommand,
  layers: layersCommand,
  bench: benchCommand,
  drift: driftCommand,
  'export-script': exportScriptCommand,
  bundle: bundleCommand,
  serve: serveCommand,
};
