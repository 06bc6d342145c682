/** The search's decision and its plan, as pure functions of the candidates measured. */
import { describe, expect, it } from 'vitest';
import { decide, targetMargin } from '../../../../main/engine/convert/search/choose.js';
import { nextCandidate, type PlanState } from '../../../../main/engine/convert/search/candidate-plan.js';
import type { SearchCandidate } from '../../../../shared/report/search-section.js';
import { parseGateSpec } from '../../../../shared/gate-spec.js';

const target = parseGateSpec('top1Agreement>=0.99');

function candidate(id: string, agreement: number, ratio: [number, number, number], extra: Partial<SearchCandidate> = {}): SearchCandidate {
  return {
    id,
    label: id,
    recipe: 'int8-static',
    perChannel: true,
    calibMethod: 'minmax',
    excluded: [],
    latencyRatio: { median: ratio[0], ci95: [ratio[1], ratio[2]], rounds: 30 },
    sizeRatio: 0.3,
    metric: agreement,
    metrics: { top1Agreement: agreement },
    perturbed: null,
    meetsTarget: agreement >= 0.99,
    failed: null,
    seconds: 5,
    ...extra,
  };
}

describe('decide', () => {
  it('keeps the fastest candidate that meets the target', () => {
    const d = decide([candidate('a', 0.995, [0.8, 0.75, 0.85]), candidate('b', 0.999, [0.6, 0.55, 0.65]), candidate('c', 0.98, [0.5, 0.45, 0.55])], target);
    expect(d.chosen.id).toBe('b');
    expect(d.met).toBe(true);
    expect(d.int8Faster).toBe(true);
    expect(d.recommendation).toBeNull();
  });

  it('between candidates whose speed cannot be told apart, keeps the more accurate', () => {
    const d = decide([candidate('fast', 0.991, [0.70, 0.66, 0.74]), candidate('alike', 0.999, [0.72, 0.69, 0.76])], target);
    expect(d.chosen.id).toBe('alike');
  });

  it('keeps the most accurate when none meets the target, and says so', () => {
    const d = decide([candidate('a', 0.9, [0.5, 0.45, 0.55]), candidate('b', 0.97, [0.9, 0.85, 0.95]), candidate('c', 0.95, [0.6, 0.55, 0.65])], target);
    expect(d.chosen.id).toBe('b');
    expect(d.met).toBe(false);
  });

  it('on a CPU where no int8 candidate is faster, recommends the fastest float variant that meets the target', () => {
    const d = decide(
      [
        candidate('int8', 1, [1.3, 1.2, 1.4]),
        candidate('opt', 1, [0.97, 0.93, 1.01], { recipe: 'optimized', perChannel: undefined, calibMethod: undefined }),
        candidate('f16w', 1, [1.0, 0.97, 1.03], { recipe: 'fp16-weights', perChannel: undefined, calibMethod: undefined }),
        candidate('int8-noisy', 1, [0.9, 0.7, 1.1]),
      ],
      target,
    );
    expect(d.int8Faster).toBe(false);
    expect(d.chosen.id).toBe('int8-noisy');
    expect(d.recommendation?.id).toBe('opt');
  });

  it('when int8 is faster only where it misses the target, recommends the fastest float variant that meets it', () => {
    const d = decide(
      [
        candidate('fast-miss', 0.9, [0.7, 0.68, 0.72]),
        candidate('meets-slow', 0.995, [1.01, 1.0, 1.02]),
        candidate('opt', 1, [0.99, 0.98, 1.0], { recipe: 'optimized', perChannel: undefined, calibMethod: undefined }),
      ],
      target,
    );
    expect(d.chosen.id).toBe('meets-slow');
    expect(d.int8Faster).toBe(true);
    expect(d.meetingFaster).toBe(false);
    expect(d.recommendation?.id).toBe('opt');
  });

  it('measures margins relative to each threshold, signed by the metric direction', () => {
    const both = parseGateSpec('top1Agreement>=0.98,maxAbsDiff<=0.5');
    const c = candidate('x', 0.99, [1, 1, 1], { metrics: { top1Agreement: 0.99, maxAbsDiff: 0.6 } });
    expect(targetMargin(c, both)).toBeCloseTo(-0.2, 10);
    expect(targetMargin({ ...c, metrics: { top1Agreement: null, maxAbsDiff: 0 } }, both)).toBe(-Infinity);
  });
});

describe('nextCandidate', () => {
  const base: PlanState = { tried: [], target, base: { perChannel: true, calibMethod: 'minmax', channelSqnrFloorDb: 12 }, ranking: [] };
  const run = (state: PlanState, outcome: (label: string, n: number) => SearchCandidate, limit = 30): SearchCandidate[] => {
    const tried: SearchCandidate[] = [];
    for (let i = 0; i < limit; i++) {
      const spec = nextCandidate({ ...state, tried });
      if (spec === null) break;
      tried.push({ ...outcome(spec.label, i), label: spec.label, recipe: spec.recipe, excluded: spec.exclude, ...(spec.recipe === 'int8-static' ? { perChannel: spec.perChannel!, calibMethod: spec.calibMethod!, channelSqnrFloorDb: spec.channelSqnrFloorDb! } : { perChannel: undefined, calibMethod: undefined }) });
    }
    return tried;
  };

  it('starts with the user\'s settings, then quantizes every activation with each method and the other granularity, and stops there when the target is met', () => {
    const tried = run(base, (label, i) => candidate(`c${i}`, 0.995, [0.7, 0.65, 0.75]));
    expect(tried.map((c) => c.label)).toEqual([
      'int8 per-channel minmax',
      'int8 per-channel minmax, every activation quantized',
      'int8 per-channel percentile, every activation quantized',
      'int8 per-channel entropy, every activation quantized',
      'int8 per-tensor minmax, every activation quantized',
    ]);
    expect(tried.map((c) => c.channelSqnrFloorDb)).toEqual([12, 0, 0, 0, 0]);
  });

  it('adds the float variants right after the first int8 candidate when that is not faster than the original', () => {
    const tried = run(base, (label, i) => candidate(`c${i}`, 0.995, [1.3, 1.2, 1.4]));
    expect(tried.slice(0, 3).map((c) => c.recipe)).toEqual(['int8-static', 'optimized', 'fp16-weights']);
  });

  it('while the target is missed, keeps the k most sensitive nodes in float, k doubling, then one step back', () => {
    const ranking = Array.from({ length: 20 }, (_, i) => `n${i}`);
    const tried = run({ ...base, ranking }, (label, i) => {
      const k = /(\d+) most sensitive/.exec(label);
      return candidate(`c${i}`, k !== null && Number(k[1]) >= 6 ? 0.995 : 0.97, [0.7, 0.65, 0.75]);
    });
    const ks = tried.map((c) => c.excluded.length).filter((k) => k > 0);
    expect(ks).toEqual([1, 2, 4, 8, 6]);
    expect(tried.at(-1)!.excluded).toEqual(ranking.slice(0, 6));
    // Nodes in float replace the channel guard.
    expect(tried.filter((c) => c.excluded.length > 0).every((c) => c.channelSqnrFloorDb === 0)).toBe(true);
  });

  it('tries the float variants once the only int8 candidates that meet the target are not faster', () => {
    const ranking = Array.from({ length: 20 }, (_, i) => `n${i}`);
    const tried = run({ ...base, ranking }, (label, i) => {
      const k = /(\d+) most sensitive/.exec(label);
      // Fast while missing the target; the one with 8 nodes in float meets it but is no longer faster.
      return k !== null && Number(k[1]) >= 8 ? candidate(`c${i}`, 0.995, [1.05, 1.0, 1.1]) : candidate(`c${i}`, 0.97, [0.7, 0.65, 0.75]);
    });
    const labels = tried.map((c) => c.recipe);
    const firstMeeting = tried.findIndex((c) => c.meetsTarget);
    expect(firstMeeting).toBeGreaterThan(0);
    expect(labels.slice(firstMeeting + 1, firstMeeting + 3)).toEqual(['optimized', 'fp16-weights']);
  });

  it('keeps at least one node quantized however far the target is', () => {
    const ranking = Array.from({ length: 5 }, (_, i) => `n${i}`);
    const tried = run({ ...base, ranking }, (label, i) => candidate(`c${i}`, 0.5, [0.7, 0.65, 0.75]));
    expect(tried.map((c) => c.excluded.length).filter((k) => k > 0)).toEqual([1, 2, 4]);
  });
});
