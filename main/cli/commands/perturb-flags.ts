/**
 * The perturbation flags of `parity compare`: --perturb <name,…|all>, --severity <3|1-5|1,3,5>, --seed <n>,
 * --perturb-cache-mb <n>; and the robustness lines printed after a comparison.
 */
import { CompareParamsSchema as P, DEFAULT_PERTURB_CACHE_MB } from '../../../shared/contract/jobs/compare.js';
import { ParityError } from '../../../shared/errors.js';
import { parsePerturbationList, parseSeed, parseSeverities } from '../../../shared/perturbations/index.js';
import type { RobustnessHeadline } from '../../../shared/report/robustness-section.js';
import { fromShared, numberIn } from '../flag-values.js';
import { flagText, param, type FlagTable, type Parsed } from '../flags.js';

/** "1-5" for a run of consecutive severities, "1,3,5" otherwise. */
function severityText(value: unknown): string {
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
