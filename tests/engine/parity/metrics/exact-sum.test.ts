import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExactSum } from '../../../../main/engine/parity/metrics/exact-sum.js';
import { RunningMean } from '../../../../main/engine/parity/metrics/running-mean.js';

function sumOf(values: readonly number[]): number {
  const sum = new ExactSum();
  for (const v of values) sum.add(v);
  return sum.value();
}

/** A seeded generator of values spread over many magnitudes, both signs. */
function values(n: number, seed: number): number[] {
  let s = seed;
  const random = (): number => {
    s = (s * 48271) % 2147483647;
    return s / 2147483647;
  };
  return Array.from({ length: n }, () => (random() - 0.3) * 10 ** Math.floor(random() * 30 - 15));
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 48271) % 2147483647;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** A double from Python's float.hex() text, exactly (the mantissa has at most 53 bits, the scaling is a power of 2). */
function fromHex(text: string): number {
  const m = /^(-?)0x([01])\.([0-9a-f]+)p([+-]\d+)$/.exec(text);
  if (!m) throw new Error(`not a hex float: ${text}`);
  const fraction = m[3]!;
  const mantissa = Number(BigInt(`0x${m[2]}${fraction}`));
  const value = mantissa * 2 ** (Number(m[4]) - 4 * fraction.length);
  return m[1] === '-' ? -value : value;
}

const FSUM_CASES = JSON.parse(
  readFileSync(path.join(__dirname, '../../../fixtures/exact-sum/fsum-cases.json'), 'utf8'),
) as Array<{ values: string[]; fsum: string }>;

describe('ExactSum', () => {
  it("equals Python's math.fsum on lists spanning 240 binades, with cancellation", () => {
    expect(FSUM_CASES.length).toBe(60);
    let naiveOff = 0;
    for (const c of FSUM_CASES) {
      const values = c.values.map(fromHex);
      expect(sumOf(values)).toBe(fromHex(c.fsum));
      if (values.reduce((a, b) => a + b, 0) !== fromHex(c.fsum)) naiveOff++;
    }
    expect(naiveOff).toBeGreaterThan(10);
  });

  it('gives the correctly rounded sum where float addition loses everything', () => {
    expect(sumOf([1e100, 1, -1e100])).toBe(1);
    // The doubles nearest 0.1, 0.2, 0.3 and 0.6 do not cancel exactly: Python's math.fsum gives 2^-55 too.
    expect(sumOf([0.1, 0.2, 0.3, -0.6])).toBe(2 ** -55);
    expect(0.1 + 0.2 + 0.3 - 0.6).not.toBe(2 ** -55);
    // Python: math.fsum([0.1] * 10) == 1.0, while sum() gives 0.9999999999999999.
    expect(sumOf(new Array(10).fill(0.1))).toBe(1);
    expect(new Array(10).fill(0.1).reduce((a: number, b: number) => a + b, 0)).not.toBe(1);
    // Half-way cases across partials round to even, as fsum does: 1 + 2^-53 + 2^-106 rounds up.
    expect(sumOf([1, 2 ** -53, 2 ** -106])).toBe(1 + 2 ** -52);
    expect(sumOf([1, 2 ** -53])).toBe(1);
  });

  it('does not depend on the order of the values nor on how they are grouped and merged', () => {
    const all = values(5000, 11);
    const straight = sumOf(all);
    const naive = all.reduce((a, b) => a + b, 0);
    for (let seed = 1; seed <= 5; seed++) expect(sumOf(shuffled(all, seed))).toBe(straight);
    expect(shuffled(all, 3).reduce((a, b) => a + b, 0)).not.toBe(naive);
    const parts = [new ExactSum(), new ExactSum(), new ExactSum()];
    shuffled(all, 9).forEach((v, i) => parts[(i * 7) % 3]!.add(v));
    const merged = ExactSum.fromState(JSON.parse(JSON.stringify(parts[2]!.toState())));
    merged.merge(ExactSum.fromState(JSON.parse(JSON.stringify(parts[0]!.toState()))));
    merged.merge(parts[1]!);
    expect(merged.value()).toBe(straight);
  });

  it('keeps NaN and infinities apart, whatever the order', () => {
    expect(sumOf([1, Infinity, 2])).toBe(Infinity);
    expect(sumOf([-Infinity, 1])).toBe(-Infinity);
    expect(sumOf([Infinity, 1, -Infinity])).toBeNaN();
    expect(sumOf([NaN, 1])).toBeNaN();
    const a = new ExactSum();
    a.add(Infinity);
    const restored = ExactSum.fromState(JSON.parse(JSON.stringify(a.toState())));
    expect(restored.value()).toBe(Infinity);
    expect(() => ExactSum.fromState({ partials: 'x', special: null })).toThrow();
  });

  it('makes RunningMean exact: a mean merged from parts equals the mean of the whole', () => {
    const all = values(999, 5).map(Math.abs);
    const whole = new RunningMean();
    for (const v of all) whole.add(v);
    const a = new RunningMean();
    const b = new RunningMean();
    all.forEach((v, i) => (i % 2 === 0 ? a : b).add(v));
    b.merge(a);
    expect(b.value()).toBe(whole.value());
    expect(new RunningMean().value()).toBeNull();
  });
});
