/**
 * The perturbation flags of `parity compare`: --perturb <name,…|all>, --severity <3|1-5|1,3,5>, --seed <n>,
 * --perturb-cache-mb <n> (the robustness lines printed after a comparison are in format/summary.ts).
 */
import { CompareParamsSchema as P, DEFAULT_PERTURB_CACHE_MB } from '../../../shared/contract/jobs/compare.js';
import { ParityError } from '../../../shared/errors.js';
import { parsePerturbationList, parseSeed, parseSeverities } from '../../../shared/perturbations/index.js';
import { fromShared, numberIn } from '../flag-values.js';
import { flagText, param, type FlagTable, type Parsed } from '../flags.js';

/** "1-5" for a run of consecutive severities, "1,3,5" otherwise (how --help shows a default of --severity). */
export function severityText(value: unknown): string {
  const levels = value as number[];
  const consecutive = levels.every((v, i) => i === 0 || v === levels[i - 1]! + 1);
  return consecutive && levels.length > 2 ? `${levels[0]}-${levels[levels.length - 1]}` : levels.join(',');
}

export const PERTURB_FLAGS: FlagTable = {
  perturb: {
    value: 'names|all',
    help: 'also compare under perturbations (comma-separated catalog names, or all; `parity perturb --list` prints them)',
    param: param(P, 'perturb'),
    parse: fromShared(parsePerturbationList),
  },
  severity: { value: 'levels', help: 'severities for --perturb: 3, 1-5 or 1,3,5', param: param(P, 'severities'), parse: fromShared(parseSeverities), shownDefault: severityText },
  seed: { value: 'n', help: "seed of the perturbations' randomness; same seed, same images", param: param(P, 'seed'), parse: fromShared(parseSeed) },
  'perturb-cache-mb': {
    value: 'n',
    help: 'disk cache of perturbed images in MB; 0 = off',
    param: param(P, 'perturbCacheMb'),
    parse: numberIn(0, 1_000_000),
    shownDefault: `${DEFAULT_PERTURB_CACHE_MB} or PARITY_PERTURB_CACHE_MB`,
  },
};

/** --severity and --seed without --perturb are refused rather than ignored. */
export function checkPerturbFlags(parsed: Parsed): void {
  if (flagText(parsed, 'perturb') === undefined && (flagText(parsed, 'severity') !== undefined || flagText(parsed, 'seed') !== undefined)) {
    throw new ParityError('BAD_OPTION', '--severity and --seed apply to perturbations; give --perturb too.', 'e.g. --perturb fog,occlusion_branches --severity 1-5');
  }
}
