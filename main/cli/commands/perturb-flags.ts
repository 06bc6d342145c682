/**
 * The perturbation flags of `parity compare` (and `parity perturb`): --perturb <name,…|all>, --severity <3|1-5|1,3,5>,
 * --seed <n>, --perturb-cache-mb <n>; and the robustness lines printed after a comparison.
 */
import { ParityError } from '../../../shared/errors.js';
import {
  DEFAULT_PERTURBATION_SEED,
  SEVERITIES,
  parsePerturbationList,
  parseSeed,
  parseSeverities,
  type Parsed as ParsedInput,
  type PerturbationName,
  type Severity,
} from '../../../shared/perturbations/index.js';
import type { RobustnessHeadline } from '../../../shared/report/robustness-section.js';
import { numberOption, stringOption, type Parsed } from '../args.js';

export const PERTURB_FLAG_OPTIONS = {
  perturb: { type: 'string' },
  severity: { type: 'string' },
  seed: { type: 'string' },
  'perturb-cache-mb': { type: 'string' },
} as const;

export const PERTURB_FLAGS_HELP = `  --perturb <names|all>   also compare under perturbations (comma-separated catalog names, or all;
                          \`parity perturb --list\` prints them)
  --severity <levels>     severities for --perturb: 3, 1-5 or 1,3,5 (default 1-5, all five)
  --seed <n>              seed of the perturbations' randomness (default 0; same seed, same images)
  --perturb-cache-mb <n>  disk cache of perturbed images in MB (default 256 or PARITY_PERTURB_CACHE_MB; 0 = off)`;

/** The value of a parse, or a BAD_OPTION ParityError (exit 2) with the hint. */
export function orBadOption<T>(parsed: ParsedInput<T>): T {
  if (parsed.ok) return parsed.value;
  throw new ParityError('BAD_OPTION', parsed.problem.message, parsed.problem.hint);
}

export interface PerturbFlags {
  perturb: PerturbationName[];
  severities: Severity[];
  seed: number;
  perturbCacheMb: number | null;
}

/** Reads the perturbation flags; --severity and --seed without --perturb are refused rather than ignored. */
export function perturbFlagsFromArgs(parsed: Parsed): PerturbFlags {
  const names = stringOption(parsed, 'perturb');
  const severity = stringOption(parsed, 'severity');
  const seed = stringOption(parsed, 'seed');
  if (names === undefined && (severity !== undefined || seed !== undefined)) {
    throw new ParityError('BAD_OPTION', '--severity and --seed apply to perturbations; give --perturb too.', 'e.g. --perturb fog,occlusion_branches --severity 1-5');
  }
  return {
    perturb: names === undefined ? [] : orBadOption(parsePerturbationList(names)),
    severities: severity === undefined ? [...SEVERITIES] : orBadOption(parseSeverities(severity)),
    seed: seed === undefined ? DEFAULT_PERTURBATION_SEED : orBadOption(parseSeed(seed)),
    perturbCacheMb: numberOption(parsed, 'perturb-cache-mb', 0, 1_000_000) ?? null,
  };
}

function percent(v: number | null): string {
  return v === null ? 'n/a' : `${(v * 100).toFixed(1)}%`;
}

/** The robustness lines of the compare summary. */
export function formatRobustnessHeadline(h: RobustnessHeadline): string {
  const row = (label: string, value: string): string => `  ${label.padEnd(24)}${value}`;
  const lines = [
    `Robustness: ${h.perturbations} perturbation${h.perturbations === 1 ? '' : 's'} × severities ${h.severities.join(',')} (seed ${h.seed}), ${h.perturbedImages} perturbed images`,
  ];
  if (h.lowestAgreement) {
    lines.push(row(`lowest ${h.lowestAgreement.metric}`, `${percent(h.lowestAgreement.value)} (${h.lowestAgreement.perturbation}, severity ${h.lowestAgreement.severity})`));
  }
  if (h.flips !== null) lines.push(row('top-1 flips', `${h.flips} (candidate's top-1 differs from the reference's on a perturbed image)`));
  if (h.mCE !== null || h.relativeMCE !== null) {
    lines.push(row('mCE', `${percent(h.mCE)}, relative mCE ${percent(h.relativeMCE)} (reference = 100%)`));
  } else {
    lines.push(row('mCE', h.labelled ? 'n/a (the reference never errs under these perturbations)' : 'n/a (needs --labels)'));
  }
  lines.push(row('perturbation time', `${(h.perturbMs / 1000).toFixed(1)} s (cache: ${h.cache.enabled ? `${h.cache.hits} hits, ${h.cache.misses} misses` : 'off'})`));
  return lines.join('\n');
}
