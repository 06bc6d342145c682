/** Parsers of flag values for the flag tables: text → value, or a BAD_OPTION that says what the flag accepts. */
import path from 'node:path';
import { ParityError } from '../../shared/errors.js';
import type { Parsed as ParsedInput } from '../../shared/perturbations/index.js';
import { parseEndpointUrl } from '../../shared/serving.js';
import { readPostprocessFile } from './read-postprocess.js';
import { readPreprocessFile } from './read-preprocess.js';

const OPTION_HINT = 'Run the command with --help for the accepted values.';

type ValueParser<T> = (text: string, flag: string) => T;

/** A finite number within [min, max] (an integer when `integer`). */
export function numberIn(min: number, max: number, integer = false): ValueParser<number> {
  return (text, flag) => {
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min || value > max) {
      throw new ParityError('BAD_OPTION', `--${flag} must be ${integer ? 'an integer' : 'a number'} between ${min} and ${max}, got "${text}".`, OPTION_HINT);
    }
    return value;
  };
}

/** An integer within [min, max]. */
export function integerIn(min: number, max: number): ValueParser<number> {
  return numberIn(min, max, true);
}

/** A comma-separated list of integers like "1,2,4", each within [min, max]. */
export function integerListIn(min: number, max: number): ValueParser<number[]> {
  return (text, flag) => {
    const items = commaList(text);
    if (items.length === 0) throw new ParityError('BAD_OPTION', `--${flag} needs at least one value.`, OPTION_HINT);
    return items.map((item) => {
      const value = Number(item);
      if (!Number.isInteger(value) || value < min || value > max) {
        throw new ParityError('BAD_OPTION', `--${flag}: "${item}" must be an integer between ${min} and ${max}.`, OPTION_HINT);
      }
      return value;
    });
  };
}

/** "a, b,,c" → ["a", "b", "c"]. */
export function commaList(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter(Boolean);
}

/** One of `allowed`. */
export function oneOf<T extends string>(allowed: readonly T[]): ValueParser<T> {
  return (text, flag) => {
    if (!(allowed as readonly string[]).includes(text)) throw new ParityError('BAD_OPTION', `--${flag} must be one of ${allowed.join(', ')}, got "${text}".`);
    return text as T;
  };
}

/** A comma-separated list of names, each one of `allowed`. */
export function namesFrom<T extends string>(allowed: readonly T[]): ValueParser<T[]> {
  return (text, flag) => {
    const names = commaList(text);
    const unknown = names.filter((name) => !(allowed as readonly string[]).includes(name));
    if (unknown.length > 0) throw new ParityError('BAD_OPTION', `--${flag} does not take ${unknown.join(', ')}.`, `It takes ${allowed.join(', ')}.`);
    return names as T[];
  };
}

/** A path, made absolute against the working folder. */
export const absolutePath: ValueParser<string> = (text) => path.resolve(text);

/** A --preprocess JSON file, read and validated. */
export const preprocessFile = (text: string): ReturnType<typeof readPreprocessFile> => readPreprocessFile(text);

/** A --postprocess JSON file, read and validated, its classes file read in. */
export const postprocessFile = (text: string): ReturnType<typeof readPostprocessFile> => readPostprocessFile(text);

/** The value of a shared parse (perturbation names, severities, seeds), or a BAD_OPTION with its hint. */
export function orBadOption<T>(parsed: ParsedInput<T>): T {
  if (parsed.ok) return parsed.value;
  throw new ParityError('BAD_OPTION', parsed.problem.message, parsed.problem.hint);
}

/** A parser from one of shared/'s parse functions. */
export function fromShared<T>(parse: (text: string) => ParsedInput<T>): ValueParser<T> {
  return (text) => orBadOption(parse(text));
}

/** A KServe v2 or TF Serving REST endpoint URL naming a model (checked here, before the engine starts). */
export const endpointUrl: ValueParser<string> = (text, flag) => {
  const address = parseEndpointUrl(text);
  if (typeof address === 'string') throw new ParityError('BAD_OPTION', `--${flag}: ${address}.`, 'e.g. http://127.0.0.1:8080/v2/models/classifier or http://127.0.0.1:8501/v1/models/classifier');
  return text.trim();
};

/** Seconds (fractions allowed) as whole milliseconds. */
export function secondsAsMs(min: number, max: number): ValueParser<number> {
  const seconds = numberIn(min, max);
  return (text, flag) => Math.max(1, Math.round(seconds(text, flag) * 1000));
}
