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
import { FALLBACK_RECIPES, measurablyFaster, targetMargin } from './choose.js';

export interface CandidateSpec {
  label: string;
  recipe: 'int8-static' | (typeof FALLBACK_RECIPES)[number];
  perChannel?: boolean;
  calibMethod?: CalibrationMethod;
  /** Nodes kept in float by the search (the k most sensitive). */
  exclude: string[];
}

export interface PlanState {
  tried: readonly SearchCandidate[];
  target: readonly GateCriterion[];
  /** The user's own int8 settings: the first candidate. */
  base: { perChannel: boolean; calibMethod: CalibrationMethod };
  /** Quantized nodes, most sensitive first (empty until measured). */
  ranking: readonly string[];
}

const granularity = (perChannel: boolean): string => (perChannel ? 'per-channel' : 'per-tensor');

function int8Spec(perChannel: boolean, method: CalibrationMethod, exclude: string[] = []): CandidateSpec {
  const minus = exclude.length > 0 ? `, ${exclude.length} most sensitive node${exclude.length === 1 ? '' : 's'} in float` : '';
  return { label: `int8 ${granularity(perChannel)} ${method}${minus}`, recipe: 'int8-static', perChannel, calibMethod: method, exclude };
}

function sameSpec(spec: CandidateSpec, c: SearchCandidate): boolean {
  return (
    spec.recipe === c.recipe &&
    (spec.recipe !== 'int8-static' || (spec.perChannel === c.perChannel && spec.calibMethod === c.calibMethod)) &&
    spec.exclude.length === c.excluded.length &&
    spec.exclude.every((n, i) => c.excluded[i] === n)
  );
}

/** The next candidate to try, or null when the plan is exhausted. */
export function nextCandidate(state: PlanState): CandidateSpec | null {
  const untried = (spec: CandidateSpec): CandidateSpec | null => (state.tried.some((c) => sameSpec(spec, c)) ? null : spec);
  const { perChannel, calibMethod } = state.base;
  const first = untried(int8Spec(perChannel, calibMethod));
  if (first) return first;
  const int8 = state.tried.filter((c) => c.recipe === 'int8-static' && c.failed === null);
  if (int8.length > 0 && !int8.some(measurablyFaster)) {
    for (const recipe of FALLBACK_RECIPES) {
      const spec = untried({ label: recipe, recipe, exclude: [] });
      if (spec) return spec;
    }
  }
  const methods: CalibrationMethod[] = [calibMethod, ...CALIBRATION_METHODS.filter((m) => m !== calibMethod)];
  for (const m of methods) {
    const spec = untried(int8Spec(perChannel, m));
    if (spec) return spec;
  }
  const whole = int8.filter((c) => c.excluded.length === 0);
  if (whole.length === 0) return null;
  const best = (pool: readonly SearchCandidate[]): SearchCandidate => pool.reduce((a, b) => (targetMargin(b, state.target) > targetMargin(a, state.target) ? b : a));
  const bestMethod = best(whole.filter((c) => c.perChannel === perChannel)).calibMethod as CalibrationMethod;
  const other = untried(int8Spec(!perChannel, bestMethod));
  if (other) return other;
  if (state.ranking.length === 0 || whole.some((c) => c.meetsTarget)) return null;
  const start = best(whole);
  const at = (k: number): CandidateSpec => int8Spec(start.perChannel ?? perChannel, start.calibMethod as CalibrationMethod, state.ranking.slice(0, k));
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
