import { describe, expect, it } from 'vitest';
import { PairEvaluator, type OutputTensors } from '../../../../main/engine/parity/evaluate/index.js';
import type { OutputDescription } from '../../../../shared/report/report.js';

const plan: OutputDescription[] = [
  { name: 'probs', kind: 'classification', classes: 4, logits: false, tolerance: { atol: 1e-5, rtol: 1e-5 } },
  { name: 'map', kind: 'dense', tolerance: { atol: 1e-5, rtol: 1e-5 } },
];
const options = { threshold: 0.5, topK: 3, classes: null };

function image(i: number): { reference: OutputTensors; candidate: OutputTensors; label: number } {
  const r = (k: number): number => Math.abs(Math.sin(i * 12.9898 + k * 78.233)) % 1;
  const p = new Float32Array([r(1), r(2), r(3), r(4)]);
  const q = p.map((v, k) => v * (1 + 0.2 * (r(k + 10) - 0.5)));
  const norm = (a: Float32Array): Float32Array => a.map((v) => v / a.reduce((s, x) => s + x, 0));
  const map = new Float32Array(16 * 16).map((_, k) => r(k + 100));
  const map2 = map.map((v, k) => Math.min(1, v + 0.05 * (r(k + 999) - 0.5)));
  return {
    reference: { probs: { data: norm(p), dims: [1, 4] }, map: { data: map, dims: [1, 1, 16, 16] } },
    candidate: { probs: { data: norm(q), dims: [1, 4] }, map: { data: map2, dims: [1, 1, 16, 16] } },
    label: i % 4,
  };
}

function addImage(evaluator: PairEvaluator, i: number): void {
  const { reference, candidate, label } = image(i);
  evaluator.add(reference, candidate, label);
}

describe('PairEvaluator state (checkpoints of interrupted runs, shards)', () => {
  it('a restored evaluator ends with exactly the summary of an uninterrupted one', () => {
    const straight = new PairEvaluator(plan, options);
    for (let i = 0; i < 60; i++) addImage(straight, i);

    let resumed = new PairEvaluator(plan, options);
    for (let i = 0; i < 60; i++) {
      if (i === 17 || i === 41) resumed = PairEvaluator.restore(plan, options, JSON.parse(JSON.stringify(resumed.snapshot())));
      addImage(resumed, i);
    }
    expect(resumed.summary()).toEqual(straight.summary());
    expect(straight.summary().overall.errorP99).toBeGreaterThan(0);
    expect(straight.summary().overall.accuracy).not.toBeNull();
  });

  it('merges evaluators of disjoint images into the summary of one that saw them all', () => {
    const straight = new PairEvaluator(plan, options);
    for (let i = 0; i < 60; i++) addImage(straight, i);
    const shards = [new PairEvaluator(plan, options), new PairEvaluator(plan, options), new PairEvaluator(plan, options)];
    for (let i = 0; i < 60; i++) addImage(shards[i % 3]!, i);
    const merged = PairEvaluator.restore(plan, options, JSON.parse(JSON.stringify(shards[0]!.snapshot())));
    merged.merge(shards[1]!);
    merged.merge(shards[2]!);
    const want = straight.summary();
    const got = merged.summary();
    // Counts, maxima, histograms, quantiles and (exact) sums merge exactly: the summaries are equal bit for bit.
    expect(got).toEqual(want);
    expect(JSON.stringify(got)).toBe(JSON.stringify(want));
    expect(got.overall.images).toBe(60);
    expect(got.perOutput.map((p) => p.metrics.images)).toEqual([60, 60]);
  });

  it('refuses a malformed checkpoint and a merge of another plan', () => {
    expect(() => PairEvaluator.restore(plan, options, { outputs: 'nope' })).toThrow();
    expect(() => new PairEvaluator(plan, options).merge(new PairEvaluator(plan.slice(0, 1), options))).toThrow(/different output plans/);
  });
});
