/**
 * How users name perturbations and severities (`--perturb fog,snow|all`, `--severity 3|1-5|1,3,5`), the schemas
 * that validate them where they cross a process boundary, and PerturbationSpec: one perturbation at one severity
 * with the seed that makes it repeatable.
 */
import { z } from 'zod';
import { PERTURBATION_NAMES, SEVERITIES, isPerturbationName, type PerturbationName, type Severity } from './catalog.js';

export const PerturbationNameSchema = z.enum(PERTURBATION_NAMES as [PerturbationName, ...PerturbationName[]]);
export const SeveritySchema = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]);

/** Seeds are non-negative 32-bit integers so they print and parse the same everywhere. */
export const PerturbationSeedSchema = z.number().int().min(0).max(0xffffffff);
export const DEFAULT_PERTURBATION_SEED = 0;

export const PerturbationSpecSchema = z.object({
  name: PerturbationNameSchema,
  severity: SeveritySchema,
  seed: PerturbationSeedSchema.default(DEFAULT_PERTURBATION_SEED),
});
export type PerturbationSpec = z.output<typeof PerturbationSpecSchema>;

/** A problem with what the user typed; hosts turn it into their own error type (ParityError BAD_OPTION). */
export interface PerturbationInputProblem {
  message: string;
  hint: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: PerturbationInputProblem };

const namesHint = (): string => `Valid names: ${PERTURBATION_NAMES.join(', ')} (or "all"); \`parity perturb --list\` prints them.`;

/** Parses "fog,snow" or "all" into catalog names (duplicates dropped, catalog order kept for "all", given order otherwise). */
export function parsePerturbationList(text: string): Parsed<PerturbationName[]> {
  const items = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) return { ok: false, problem: { message: '--perturb needs at least one perturbation name.', hint: namesHint() } };
  if (items.some((i) => i.toLowerCase() === 'all')) return { ok: true, value: [...PERTURBATION_NAMES] };
  const unknown = items.filter((i) => !isPerturbationName(i));
  if (unknown.length > 0) {
    const quoted = unknown.map((u) => `"${u}"`).join(', ');
    return { ok: false, problem: { message: `Unknown perturbation ${quoted}.`, hint: namesHint() } };
  }
  return { ok: true, value: [...new Set(items as PerturbationName[])] };
}

const severityHint = 'Severity is 1 (mild) to 5 (strong): give one level (3), a range (1-5) or a list (1,3,5).';

function severityOf(text: string): Severity | null {
  if (!/^\d+$/.test(text)) return null;
  const value = Number(text);
  return (SEVERITIES as readonly number[]).includes(value) ? (value as Severity) : null;
}

/** Parses "3", "1-5", "2-4" or "1,3,5" into ascending distinct severities. */
export function parseSeverities(text: string): Parsed<Severity[]> {
  const found = new Set<Severity>();
  const parts = text.split(',').map((s) => s.trim());
  for (const part of parts) {
    const range = /^(\S+?)\s*-\s*(\S+)$/.exec(part);
    if (range) {
      const lo = severityOf(range[1]!);
      const hi = severityOf(range[2]!);
      if (lo === null || hi === null || lo > hi) {
        return { ok: false, problem: { message: `Invalid severity range "${part}".`, hint: severityHint } };
      }
      for (let s = lo; s <= hi; s++) found.add(s);
      continue;
    }
    const level = severityOf(part);
    if (level === null) return { ok: false, problem: { message: `Invalid severity "${part}": must be an integer from 1 to 5.`, hint: severityHint } };
    found.add(level);
  }
  return { ok: true, value: [...found].sort((a, b) => a - b) };
}

/** Parses a seed: a decimal integer from 0 to 2^32−1. */
export function parseSeed(text: string): Parsed<number> {
  const value = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!PerturbationSeedSchema.safeParse(value).success) {
    return { ok: false, problem: { message: `Invalid seed "${text}".`, hint: 'A seed is an integer from 0 to 4294967295.' } };
  }
  return { ok: true, value };
}
