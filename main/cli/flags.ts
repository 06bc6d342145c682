/**
 * A command's flags as one table. Each entry gives node:util's parseArgs its option, `--help` its line, and — when
 * the flag fills a job parameter — names the zod schema field whose default the help shows and the engine applies.
 * A default is never written in the CLI: a flag left out leaves its parameter out, and the job's schema fills it.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { z } from 'zod';
import { ParityError } from '../../shared/errors.js';

/** A job parameter: a key of a job's zod object schema, or one field of an object-valued key (tolerance.atol). */
export interface ParamRef {
  readonly schema: z.ZodObject;
  readonly key: string;
  readonly field?: string;
}

/** The parameter `key` (or `key.field`) of `schema`, checked against the schema's keys at compile time. */
export function param<S extends z.ZodObject>(schema: S, key: keyof S['shape'] & string, field?: string): ParamRef {
  return field === undefined ? { schema, key } : { schema, key, field };
}

export interface Flag {
  /** The value's placeholder in --help ('dir', 'n', 'file.html'); a flag without one is a switch. */
  value?: string;
  short?: string;
  /** What the flag does, for --help ('\n' starts a new line); its default is appended. */
  help: string;
  /** The job parameter the flag fills; its default is read from this schema field. */
  param?: ParamRef;
  /** The flag's text as the parameter's value (default: the text); throws BAD_OPTION on a bad value. */
  parse?: (text: string, flag: string) => unknown;
  /** The value a switch gives its parameter (default true). */
  sets?: unknown;
  /**
   * The default as --help states it: words for a default no schema holds ("a free one") or for what the schema's
   * null means ("all cores"), or a function of the schema's default when it reads better otherwise ([1..5] → "1-5").
   */
  shownDefault?: string | ((schemaDefault: unknown) => string);
  /** Not listed in this command's --help (another line documents it). */
  hidden?: boolean;
}

export type FlagTable = Readonly<Record<string, Flag>>;

/** What parseArgs returned: flag values by name, and the positional arguments. */
export interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** parseArgs' options for a table. */
export function parseArgsOptions(table: FlagTable): NonNullable<ParseArgsConfig['options']> {
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, flag] of Object.entries(table)) {
    options[name] = flag.short ? { type: flag.value ? 'string' : 'boolean', short: flag.short } : { type: flag.value ? 'string' : 'boolean' };
  }
  return options;
}

/** Parses a command line against the table; unknown flags and missing values are BAD_OPTION with the help hint. */
export function parseFlags(command: string, argv: readonly string[], table: FlagTable): Parsed {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options: parseArgsOptions(table), allowPositionals: true, strict: true });
    return { values: values as Parsed['values'], positionals };
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/\. To specify.*$/s, '.') : String(error);
    throw new ParityError('BAD_OPTION', message, `Run \`parity ${command} --help\` for its options.`);
  }
}

/** The text given to a valued flag, or undefined. */
export function flagText(parsed: Parsed, name: string): string | undefined {
  const value = parsed.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** Whether a switch was given. */
export function flagSet(parsed: Parsed, name: string): boolean {
  return parsed.values[name] === true;
}

/** The schema's default of a parameter, or undefined when the field has none (a required field). */
export function schemaDefault(ref: ParamRef): unknown {
  const field = ref.schema.shape[ref.key] as z.ZodType | undefined;
  const parsed = field?.safeParse(undefined);
  if (!parsed?.success) return undefined;
  return ref.field === undefined ? parsed.data : (parsed.data as Record<string, unknown> | undefined)?.[ref.field];
}

/**
 * The parameters of `schema` that the given flags fill, parsed; flags left out are left out, so the schema's
 * defaults apply. Two given flags filling one parameter (--per-channel, --no-per-channel) contradict each other.
 */
export function paramsFrom<S extends z.ZodObject>(table: FlagTable, parsed: Parsed, schema: S): Partial<z.input<S>> {
  const out: Record<string, unknown> = {};
  const filledBy = new Map<string, string>();
  for (const [name, flag] of Object.entries(table)) {
    const ref = flag.param;
    const given = parsed.values[name];
    if (ref === undefined || ref.schema !== schema || given === undefined || given === false) continue;
    const slot = ref.field === undefined ? ref.key : `${ref.key}.${ref.field}`;
    const other = filledBy.get(slot);
    if (other !== undefined) throw new ParityError('BAD_OPTION', `--${other} and --${name} contradict each other.`);
    filledBy.set(slot, name);
    const value = typeof given === 'string' ? (flag.parse ? flag.parse(given, name) : given) : 'sets' in flag ? flag.sets : true;
    if (ref.field === undefined) {
      out[ref.key] = value;
    } else {
      const whole = (out[ref.key] ?? { ...(schemaDefault({ schema: ref.schema, key: ref.key }) as object | undefined) }) as Record<string, unknown>;
      whole[ref.field] = value;
      out[ref.key] = whole;
    }
  }
  return out as Partial<z.input<S>>;
}

/** How a default reads in --help: 1e-5, 1,2,4,8, on/off. */
export function formatDefault(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return value !== 0 && Math.abs(value) < 1e-3 ? value.toExponential().replace(/\.?0*e/, 'e') : String(value);
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.map((v) => formatDefault(v) ?? String(v)).join(',');
  if (typeof value === 'string') return value;
  return undefined;
}

/** The default a flag's --help line states, or undefined. */
function shownDefault(flag: Flag): string | undefined {
  const value = flag.param === undefined ? undefined : schemaDefault(flag.param);
  if (typeof flag.shownDefault === 'string') return `(default: ${flag.shownDefault})`;
  if (flag.shownDefault !== undefined) return `(default ${flag.shownDefault(value)})`;
  if (flag.param === undefined) return undefined;
  if (flag.value === undefined) {
    // A switch is the default when it sets what the schema defaults to.
    return value !== undefined && value === ('sets' in flag ? flag.sets : true) ? '(default)' : undefined;
  }
  const text = formatDefault(value);
  return text === undefined ? undefined : `(default ${text})`;
}

const HELP_WIDTH = 116;
const NO_BREAK = '\u00a0';

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      if (line !== '' && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line === '' ? word : `${line} ${word}`;
      }
    }
    lines.push(line);
  }
  return lines;
}

/** The Options lines of --help: each listed flag, its value, what it does and its default, aligned and wrapped. */
export function flagHelp(table: FlagTable): string[] {
  const rows = Object.entries(table)
    .filter(([, flag]) => !flag.hidden)
    .map(([name, flag]) => {
      const label = `${flag.short ? `-${flag.short}, ` : ''}--${name}${flag.value ? ` <${flag.value}>` : ''}`;
      // The default stays in one piece on one line.
      const text = [flag.help, shownDefault(flag)?.replace(/ /g, NO_BREAK)].filter(Boolean).join(' ');
      return { label, text };
    });
  const column = Math.max(...rows.map((r) => r.label.length)) + 4;
  return rows.flatMap(({ label, text }) => {
    const [first = '', ...rest] = wrap(text, HELP_WIDTH - column).map((line) => line.replaceAll(NO_BREAK, ' '));
    return [`  ${label.padEnd(column - 2)}${first}`, ...rest.map((line) => `${' '.repeat(column)}${line}`)];
  });
}

/** The positional arguments, exactly `names.length` of them (BAD_OPTION naming what is missing or extra). */
export function requirePositionals(command: string, parsed: Parsed, names: readonly string[]): string[] {
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
