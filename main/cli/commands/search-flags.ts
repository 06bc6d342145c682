/**
 * The search flags of `parity convert` (--target and what goes with it), and the table of candidates printed after
 * a search.
 */
import type { z } from 'zod';
import { SearchRequestSchema as S } from '../../../shared/contract/jobs/convert-search.js';
import { ParityError } from '../../../shared/errors.js';
import { parseGateSpec } from '../../../shared/gate-spec.js';
import { parsePerturbationList, parseSeverities } from '../../../shared/perturbations/index.js';
import type { SearchSection } from '../../../shared/report/search-section.js';
import { absolutePath, fromShared, integerIn, numberIn, orBadOption } from '../flag-values.js';
import { flagText, param, paramsFrom, type FlagTable, type Parsed } from '../flags.js';

/** --target: criteria as in compare's --fail-under, at least one. */
function targetSpec(text: string): ReturnType<typeof parseGateSpec> {
  const criteria = parseGateSpec(text);
  if (criteria.length === 0) throw new ParityError('BAD_OPTION', '--target needs at least one criterion.', 'e.g. --target "top1Agreement>=0.99".');
  return criteria;
}

/** --severity of the search: one level. */
function oneSeverity(text: string): number {
  const levels = orBadOption(parseSeverities(text));
  if (levels.length !== 1) throw new ParityError('BAD_OPTION', '--severity takes one level for the search.', 'e.g. --severity 3');
  return levels[0]!;
}

/** The search flags of `parity convert` (int8-static): --target and what goes with it. */
export const SEARCH_FLAGS: FlagTable = {
  target: {
    value: 'spec',
    help: '(search, int8-static) try candidates and keep the fastest that meets this target on this CPU, e.g. "top1Agreement>=0.99", "iou>=0.95", "accuracy>=0.75" (with --labels): any key of summary.clean as in compare\'s --fail-under; several, comma-separated, must all hold',
    param: param(S, 'target'),
    parse: targetSpec,
  },
  val: { value: 'dir', help: '(search) validation images', param: param(S, 'val'), parse: absolutePath, shownDefault: 'hold out --held-out of --calib, not used to calibrate' },
  labels: { value: 'file', help: '(search) class names, one per line, with images in one folder per class (accuracy targets)', param: param(S, 'labels'), parse: absolutePath },
  'held-out': { value: 'share', help: '(search) share of --calib held out when there is no --val', param: param(S, 'heldOutShare'), parse: numberIn(0.01, 0.9) },
  'max-val-images': { value: 'n', help: '(search) at most n validation images', param: param(S, 'maxValImages'), parse: integerIn(1, 1_000_000) },
  threshold: { value: 't', help: '(search) binarizes dense outputs for iou/dice, as in compare', param: param(S, 'threshold'), parse: numberIn(0, 1) },
  budget: { value: 'seconds', help: '(search) time the search may take', param: param(S, 'budgetSeconds'), parse: numberIn(1, 7 * 24 * 3600) },
  'target-perturb': { value: 'names', help: '(search) the chosen candidate must also meet the target under these perturbations', param: param(S, 'perturb'), parse: fromShared(parsePerturbationList) },
  severity: { value: 'n', help: '(search) their severity, 1-5', param: param(S, 'severity'), parse: oneSeverity },
};

export type SearchInput = Partial<z.input<typeof S>> & Pick<z.input<typeof S>, 'target' | 'targetText'>;

/** The search request, or null without --target; the other search flags without --target are refused. */
export function searchFromArgs(parsed: Parsed): SearchInput | null {
  const target = flagText(parsed, 'target');
  const given = Object.keys(SEARCH_FLAGS).filter((k) => k !== 'target' && parsed.values[k] !== undefined);
  if (target === undefined) {
    if (given.length > 0) throw new ParityError('BAD_OPTION', `--${given[0]} applies to the search; give --target too.`, 'e.g. --target "top1Agreement>=0.99" --val val/');
    return null;
  }
  if (parsed.values['severity'] !== undefined && parsed.values['target-perturb'] === undefined) {
    throw new ParityError('BAD_OPTION', '--severity applies to --target-perturb; give it too.', 'e.g. --target-perturb fog,gaussian_noise --severity 3');
  }
  const request = paramsFrom(SEARCH_FLAGS, parsed, S);
  return { ...request, target: request.target!, targetText: target.trim() };
}

function num(v: number | null | undefined): string {
  return v === null || v === undefined ? 'n/a' : String(Number(v.toPrecision(4)));
}

/** The candidates table and the verdict, as printed after `parity convert --target`. */
export function formatSearch(search: SearchSection): string {
  const metric = search.target[0]!.metric;
  const width = Math.max(9, ...search.candidates.map((c) => c.label.length));
  const v = search.validation;
  const lines = [
    `Search for ${search.targetText} on ${v.images} ${v.heldOut ? 'held-out calibration' : 'validation'} image(s) of ${v.dir}${search.perturb ? `, also under ${search.perturb.names.join(', ')} at severity ${search.perturb.severity}` : ''}`,
    `(${search.cpu.model}, ${search.cpu.threads} threads, ${Math.round(search.elapsedSeconds)} s of a ${search.budgetSeconds} s budget):`,
    `  ${'id'.padEnd(4)}${'candidate'.padEnd(width)}  ${metric.padStart(Math.max(10, metric.length))}  ${'latency ratio (95% CI)'.padEnd(24)}${'size'.padStart(6)}`,
  ];
  for (const c of search.candidates) {
    const mark = c.id === search.chosen ? '  ← chosen' : search.recommendation?.candidate === c.id ? '  ← recommended' : '';
    const latency = c.latencyRatio === null ? 'n/a' : `${c.latencyRatio.median.toFixed(2)} (${c.latencyRatio.ci95[0].toFixed(2)}–${c.latencyRatio.ci95[1].toFixed(2)})`;
    const cells = c.failed !== null ? `failed: ${c.failed}` : `${num(c.metric).padStart(Math.max(10, metric.length))}${c.meetsTarget ? '✓' : ' '} ${latency.padEnd(24)}${(c.sizeRatio === null ? 'n/a' : c.sizeRatio.toFixed(2)).padStart(6)}`;
    lines.push(`  ${c.id.padEnd(4)}${c.label.padEnd(width)}  ${cells}${mark}`);
  }
  for (const line of search.verdict) lines.push(`  - ${line}`);
  return lines.join('\n');
}
