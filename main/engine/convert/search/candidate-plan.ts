/**
 * Which candidate a search tries next, a pure function of what it tried so far: the user's int8 settings first;
 * when that is not measurably faster than the original, the float variants (their speed decides what to
 * recommend); the other calibration methods; the other weight granularity with the best method; then, while no
 * candidate meets the target, the best of those minus its k most sensitive nodes, k = 1, 2, 4, … (at most all
 * but one) and one step back between the last two k once one meets it.
 */
import { CALIBRATION_METHODS, type CalibrationMethod } from '../../../../shared/contract/jobs/convert.js';
import type { GateCriterion } from '../../../../shared/report/gate-criterion.js';
import type { SearchCandidate } from '../../../../shared/report/search-section.js';
import { FALLBACK_RECIPES, int8PaysOff, targetMargin } from './choose.js';

export interface CandidateSpec {
  label: string;
  recipe: 'int8-static' | (typeof FALLBACK_RECIPES)[number];
  perChannel?: boolean;
  calibMethod?: CalibrationMethod;
  /** The channel guard's floor (0: off, every activation quantized). */
  channelSqnrFloorDb?: number;
  /** Nodes kept in float by the search (the k most sensitive). */
  exclude: string[];
}

export interface Int8Settings {
  perChannel: boolean;
  calibMethod: CalibrationMethod;
  channelSqnrFloorDb: number;
}

export interface PlanState {
  tried: readonly SearchCandidate[];
  target: readonly GateCriterion[];
  /** The user's own int8 settings: the first candidate. */
  base: Int8Settings;
  /** Quantized nodes, most sensitive first (empty until measured). */
  ranking: readonly string[];
}

const granularity = (perChannel: boolean): string => (perChannel ? 'per-channel' : 'per-tensor');

function int8Spec(settings: Int8Settings, exclude: string[] = []): CandidateSpec {
  const guard = settings.channelSqnrFloorDb > 0 ? '' : ', every activation quantized';
  const minus = exclude.length > 0 ? `, ${exclude.length} most sensitive node${exclude.length === 1 ? '' : 's'} in float` : '';
  return { label: `int8 ${granularity(settings.perChannel)} ${settings.calibMethod}${guard}${minus}`, recipe: 'int8-static', ...settings, exclude };
}

function settingsOf(c: SearchCandidate, base: Int8Settings): Int8Settings {
  return { perChannel: c.perChannel ?? base.perChannel, calibMethod: (c.calibMethod ?? base.calibMethod) as CalibrationMethod, channelSqnrFloorDb: c.channelSqnrFloorDb ?? base.channelSqnrFloorDb };
}

function sameSpec(spec: CandidateSpec, c: SearchCandidate): boolean {
  return (
    spec.recipe === c.recipe &&
    (spec.recipe !== 'int8-static' || (spec.perChannel === c.perChannel && spec.calibMethod === c.calibMethod && spec.channelSqnrFloorDb === c.channelSqnrFloorDb)) &&
    spec.exclude.length === c.excluded.length &&
    spec.exclude.every((n, i) => c.excluded[i] === n)
  );
}

const bestOf = (pool: readonly SearchCandidate[], target: readonly GateCriterion[]): SearchCandidate =>
  pool.reduce((a, b) => (targetMargin(b, target) > targetMargin(a, target) ? b : a));

/**
 * The candidate nodes are kept in float from: the most accurate one without nodes in float and without the
 * channel guard (nodes in float replace it), else the most accurate without nodes in float; null before any.
 */
export function exclusionStart(tried: readonly SearchCandidate[], target: readonly GateCriterion[]): SearchCandidate | null {
  const whole = tried.filter((c) => c.recipe === 'int8-static' && c.failed === null && c.excluded.length === 0);
  if (whole.length === 0) return null;
  const unguarded = whole.filter((c) => c.channelSqnrFloorDb === 0);
  return bestOf(unguarded.length > 0 ? unguarded : whole, target);
}

/** The next candidate to try, or null when the plan is exhausted. */
export function nextCandidate(state: PlanState): CandidateSpec | null {
  const untried = (spec: CandidateSpec): CandidateSpec | null => (state.tried.some((c) => sameSpec(spec, c)) ? null : spec);
  const base = state.base;
  const first = untried(int8Spec(base));
  if (first) return first;
  const int8 = state.tried.filter((c) => c.recipe === 'int8-static' && c.failed === null);
  if (int8.length > 0 && !int8PaysOff(int8)) {
    for (const recipe of FALLBACK_RECIPES) {
      const spec = untried({ label: recipe, recipe, exclude: [] });
      if (spec) return spec;
    }
  }
  // Everything quantized: without the channel guard no float island is left (usually the fastest int8 file);
  // accuracy is then explored on that fast configuration.
  const fast: Int8Settings = { ...base, channelSqnrFloorDb: 0 };
  const methods: CalibrationMethod[] = [base.calibMethod, ...CALIBRATION_METHODS.filter((m) => m !== base.calibMethod)];
  for (const m of methods) {
    const spec = untried(int8Spec({ ...fast, calibMethod: m }));
    if (spec) return spec;
  }
  const whole = int8.filter((c) => c.excluded.length === 0);
  if (whole.length === 0) return null;
  const unguarded = whole.filter((c) => c.channelSqnrFloorDb === 0 && c.perChannel === base.perChannel);
  const bestMethod = bestOf(unguarded.length > 0 ? unguarded : whole, state.target).calibMethod as CalibrationMethod;
  const other = untried(int8Spec({ ...fast, perChannel: !base.perChannel, calibMethod: bestMethod }));
  if (other) return other;
  if (state.ranking.length === 0 || whole.some((c) => c.meetsTarget)) return null;
  const start = settingsOf(exclusionStart(state.tried, state.target)!, base);
  const at = (k: number): CandidateSpec => int8Spec(start, state.ranking.slice(0, k));
  const outcome = (k: number): SearchCandidate | undefined => state.tried.find((c) => sameSpec(at(k), c));
  // At least one node stays quantized: with every node in float a candidate is no longer an int8 variant.
  const most = state.ranking.length - 1;
  const ks: number[] = [];
  for (let k = 1; k < most; k *= 2) ks.push(k);
  if (most >= 1) ks.push(most);
  let previous = 0;
  for (const k of ks) {
    const result = outcome(k);
    if (result === undefined) return at(k);
    if (result.meetsTarget) {
      // One step back: fewer nodes in float is faster, if it still meets the target.
      const middle = Math.floor((previous + k) / 2);
      return middle > previous && middle < k ? untried(at(middle)) : null;
    }
    previous = k;
  }
  return null;
}
