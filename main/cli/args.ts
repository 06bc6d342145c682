/** Argument parsing on node:util's parseArgs, turning its errors into usage errors with the command's help. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ParityError } from '../../shared/errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

const OPTION_HINT = 'Run the command with --help for the accepted values.';

export interface Parsed {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export function parseCommandArgs(command: string, argv: string[], options: Options): Parsed {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: values as Parsed['values'], positionals };
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/\. To specify.*$/s, '.') : String(error);
    throw new ParityError('BAD_OPTION', message, `Run \`parity ${command} --help\` for its options.`);
  }
}

export function stringOption(parsed: Parsed, name: string): string | undefined {
  const value = parsed.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** A finite number option, validated against [min, max]. */
export function numberOption(parsed: Parsed, name: string, min: number, max: number, integer = false): number | undefined {
  const raw = stringOption(parsed, name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min || value > max) {
    const kind = integer ? 'an integer' : 'a number';
    throw new ParityError('BAD_OPTION', `--${name} must be ${kind} between ${min} and ${max}, got "${raw}".`, OPTION_HINT);
  }
  return value;
}

/** A comma-separated list of integers like "1,2,4", each within [min, max]. */
export function integerListOption(parsed: Parsed, name: string, min: number, max: number): number[] | undefined {
  const raw = stringOption(parsed, name);
  if (raw === undefined) return undefined;
  const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new ParityError('BAD_OPTION', `--${name} needs at least one value.`, OPTION_HINT);
  return items.map((item) => {
    const value = Number(item);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new ParityError('BAD_OPTION', `--${name}: "${item}" must be an integer between ${min} and ${max}.`, OPTION_HINT);
    }
    return value;
  });
}

export function requirePositionals(command: string, parsed: Parsed, names: string[]): string[] {
  if (parsed.positionals.length < names.length) {
    const missing = names.slice(parsed.positionals.length).map((n) => `<${n}>`).join(' ');
    throw new ParityError('BAD_OPTION', `parity ${command}: missing ${missing}.`, `Run \`parity ${command} --help\`.`);
  }
  if (parsed.positionals.length > names.length) {
    const extra = parsed.positionals.slice(names.length).join(' ');
    throw new ParityError('BAD_OPTION', `parity ${command}: unexpected argument(s) ${extra}.`, `Run \`parity ${command} --help\`.`);
  }
  return parsed.positionals;
}
