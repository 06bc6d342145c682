/**
 * The search's decision, a pure function of the candidates measured: the fastest int8 candidate that meets the
 * target (among those whose latency cannot be told apart from the fastest's, the most accurate), else the most
 * accurate; and — when no int8 candidate is measurably faster than the original, or none that meets the target is —
 * the fastest float variant that meets the target.
 */
import type { GateCriterion } from '../../../../shared/report/gate-criterion.js';
import type { SearchCandidate } from '../../../../shared/report/search-section.js';

/** The recipes a search builds: int8 candidates, and the float variants it falls back on (item: honest on AVX2). */
export const FALLBACK_RECIPES = ['optimized', 'fp16-weights'] as const;

/**
 * How far a candidate clears its target: the smallest margin over the criteria, each relative to its threshold
 * and signed so that positive means met. -Infinity when a metric is missing.
 */
export function targetMargin(candidate: SearchCandidate, target: readonly GateCriterion[]): number {
  let worst = Infinity;
  for (const c of target) {
    const value = candidate.metrics[c.metric];
    if (value === null || value === undefined) return -Infinity;
    const scale = Math.abs(c.threshold) > 1e-12 ? Math.abs(c.threshold) : 1;
    const margin = (c.bound === 'min' ? value - c.threshold : c.threshold - value) / scale;
    worst = Math.min(worst, margin);
  }
  return worst;
}

const median = (c: SearchCandidate): number => c.latencyRatio?.median ?? Infinity;

/** Measurably faster than the original: the whole 95% interval of its latency ratio is below 1. */
export function measurablyFaster(c: SearchCandidate): boolean {
  return c.latencyRatio !== null && c.latencyRatio.ci95[1] < 1;
}

/** Among `pool`, the fastest by median latency ratio; ties within the fastest's interval go to the most accurate. */
function fastest(pool: readonly SearchCandidate[], target: readonly GateCriterion[]): SearchCandidate {
  const first = pool.reduce((a, b) => (median(b) < median(a) ? b : a));
  const hi = first.latencyRatio?.ci95[1] ?? Infinity;
  const alike = pool.filter((c) => median(c) <= hi);
  return alike.reduce((a, b) => {
    const d = targetMargin(b, target) - targetMargin(a, target);
    return d > 0 || (d === 0 && median(b) < median(a)) ? b : a;
  });
}

export interface SearchDecision {
  chosen: SearchCandidate;
  met: boolean;
  /** Some int8 candidate is measurably faster than the original. */
  int8Faster: boolean;
  /** Some int8 candidate that meets the target is measurably faster (false when none meets it). */
  meetingFaster: boolean;
  recommendation: SearchCandidate | null;
}

/**
 * Whether int8 pays off: some candidate that meets the target is measurably faster (while none meets it, some
 * candidate at all). When it does not, the search also tries the float variants and recommends one.
 */
export function int8PaysOff(int8: readonly SearchCandidate[]): boolean {
  const meeting = int8.filter((c) => c.meetsTarget);
  return meeting.length > 0 ? meeting.some(measurablyFaster) : int8.some(measurablyFaster);
}

/** Decides; `candidates` must hold at least one int8 candidate that did not fail. */
export function decide(candidates: readonly SearchCandidate[], target: readonly GateCriterion[]): SearchDecision {
  const int8 = candidates.filter((c) => c.recipe === 'int8-static' && c.failed === null);
  if (int8.length === 0) throw new RangeError('no int8 candidate to choose from');
  const meeting = int8.filter((c) => c.meetsTarget);
  const chosen =
    meeting.length > 0
      ? fastest(meeting, target)
      : int8.reduce((a, b) => {
          const d = targetMargin(b, target) - targetMargin(a, target);
          return d > 0 || (d === 0 && median(b) < median(a)) ? b : a;
        });
  const int8Faster = int8.some(measurablyFaster);
  const meetingFaster = meeting.some(measurablyFaster);
  const floats = candidates.filter((c) => (FALLBACK_RECIPES as readonly string[]).includes(c.recipe) && c.failed === null && c.meetsTarget);
  return { chosen, met: chosen.meetsTarget, int8Faster, meetingFaster, recommendation: int8PaysOff(int8) || floats.length === 0 ? null : fastest(floats, target) };
}
