import { describe, expect, it } from 'vitest';
import { compareOutput, SummaryAccumulator } from '../../../../main/engine/parity/metrics/index.js';
import type { OutputDescription } from '../../../../shared/report/report.js';

const outputs: OutputDescription[] = [
  { name: 'probs', kind: 'classification', classes: 4, logits: false, tolerance: { atol: 1e-5, rtol: 1e-5 } },
  { name: 'map', kind: 'dense', tolerance: { atol: 1e-5, rtol: 1e-5 } },
];

function image(i: number): { probs: [Float32Array, Float32Array]; map: [Float32Array, Float32Array] } {
  const r = (k: number): number => Math.abs(Math.sin(i * 12.9898 + k * 78.233)) % 1;
  const p = new Float32Array([r(1), r(2), r(3), r(4)]);
  const q = p.map((v, k) => v * (1 + 0.2 * (r(k + 10) - 0.5)));
  const norm = (a: Float32Array): Float32Array => a.map((v) => v / a.reduce((s, x) => s + x, 0));
  const map = new Float32Array(16 * 16).map((_, k) => r(k + 100));
  const map2 = map.map((v, k) => Math.min(1, v + 0.05 * (r(k + 999) - 0.5)));
  return { probs: [norm(p), norm(q)], map: [map, map2] };
}

function addImage(acc: SummaryAccumulator, i: number): void {
  const data = image(i);
  const metrics = outputs.map((d) => {
    const [ref, cand] = d.name === 'probs' ? data.probs : data.map;
    const dims = d.name === 'probs' ? [1, 4] : [1, 1, 16, 16];
    return compareOutput(ref, cand, dims, d, { threshold: 0.5, topK: 3, histogram: acc.diffHistogram(d.name) }).metrics;
  });
  acc.add(metrics, { reference: i % 3 !== 0, candidate: i % 4 !== 0 });
}

describe('SummaryAccumulator snapshots (checkpoints of interrupted runs)', () => {
  it('a restored accumulator ends with exactly the summary of an uninterrupted one', () => {
    const straight = new SummaryAccumulator(outputs.map((o) => o.name));
    for (let i = 0; i < 60; i++) addImage(straight, i);

    let resumed = new SummaryAccumulator(outputs.map((o) => o.name));
    for (let i = 0; i < 60; i++) {
      if (i === 17 || i === 41) resumed = SummaryAccumulator.restore(JSON.parse(JSON.stringify(resumed.snapshot())));
      addImage(resumed, i);
    }
    expect(resumed.summary()).toEqual(straight.summary());
    expect(straight.summary().overall.errorP99).toBeGreaterThan(0);
  });

  it('refuses a malformed checkpoint', () => {
    expect(() => SummaryAccumulator.restore({ outputs: 'nope' })).toThrow();
  });
});
