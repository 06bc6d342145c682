/** A `parity` subcommand: its flag table, the words of its --help, and what it does with the parsed flags. */
import { flagHelp, type FlagTable, type Parsed } from './flags.js';

export interface CliCommand {
  /** One line for `parity --help`. */
  summary: string;
  /** The synopsis lines, each after "parity " (e.g. "compare <reference.onnx> <candidate.onnx> --images <dir> [options]"). */
  usage: readonly string[];
  /** What the command does: paragraphs (and tables such as the recipes) before the options. */
  description: string;
  flags: FlagTable;
  /** Paragraphs after the options (limits, conversions). */
  notes?: string;
  /** Command lines a user can copy, each optionally followed by "  # what it does". */
  examples: readonly string[];
  /** The "Exit status: …" sentence. */
  exitStatus: string;
  /** Runs the command on flags parsed against `flags`; resolves to the exit status. */
  run(parsed: Parsed): Promise<number>;
}

/** The full `parity <name> --help` text, generated from the command's table. */
export function helpText(name: string, command: CliCommand): string {
  const usage = command.usage.map((line, i) => `${i === 0 ? 'Usage: ' : '       '}parity ${line}`);
  const sections = [usage.join('\n'), command.description, ['Options:', ...flagHelp(command.flags)].join('\n')];
  if (command.notes) sections.push(command.notes);
  if (command.examples.length > 0) sections.push(['Examples:', ...command.examples.map((e) => `  ${e}`)].join('\n'));
  sections.push(`Exit status: ${command.exitStatus}`);
  return sections.join('\n\n');
}
