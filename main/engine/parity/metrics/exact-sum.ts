/**
 * An exact sum of doubles: Shewchuk's non-overlapping partials (the algorithm of Python's math.fsum). The running
 * sum is held without rounding error, and `value()` rounds it once, correctly (half to even). So the total does not
 * depend on the order the values came in, nor on how they were grouped: a run split into shards and merged gives
 * the figure of the run done in one piece, bit for bit.
 *
 * Cost: each add walks the partials, which stay few (at most about 40 for values spanning the whole double range,
 * two or three for metrics of similar magnitude).
 */
import { z } from 'zod';

/** Non-finite values are kept apart: once one is added the total is NaN or ±Infinity, in any order. */
const SpecialSchema = z.enum(['NaN', 'Infinity', '-Infinity']).nullable();

export const ExactSumStateSchema = z.object({
  /** Non-overlapping partials, smallest magnitude first; their exact sum is the total. */
  partials: z.array(z.number()),
  special: SpecialSchema,
});
export type ExactSumState = z.infer<typeof ExactSumStateSchema>;

export class ExactSum {
  private partials: number[] = [];
  /** NaN, +Infinity or −Infinity once a non-finite value (or an overflow) was added; 0 otherwise. */
  private special = 0;

  /** Adds one value exactly. */
  add(value: number): void {
    if (!Number.isFinite(value)) {
      this.special += value;
      return;
    }
    const p = this.partials;
    let x = value;
    let kept = 0;
    for (let j = 0; j < p.length; j++) {
      let y = p[j]!;
      if (Math.abs(x) < Math.abs(y)) {
        const t = x;
        x = y;
        y = t;
      }
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) p[kept++] = lo;
      x = hi;
    }
    if (!Number.isFinite(x)) {
      // The partial sum left the double range (values near 1.8e308): the total is that infinity.
      this.special += x;
      this.partials = [];
      return;
    }
    p.length = kept;
    p.push(x);
  }

  /** Adds another exact sum's values, as if they had been added here. */
  merge(other: ExactSum): void {
    for (const partial of other.partials) this.add(partial);
    if (other.special !== 0) this.special += other.special;
  }

  /** The exact total rounded once to the nearest double (ties to even). */
  value(): number {
    if (this.special !== 0) return this.special;
    const p = this.partials;
    let n = p.length;
    if (n === 0) return 0;
    let hi = p[--n]!;
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = p[--n]!;
      hi = x + y;
      lo = y - (hi - x);
      if (lo !== 0) break;
    }
    // hi + lo is exact; when the partials below push lo's half-way case one way, round hi that way.
    if (n > 0 && ((lo < 0 && p[n - 1]! < 0) || (lo > 0 && p[n - 1]! > 0))) {
      const y = lo * 2;
      const x = hi + y;
      if (y === x - hi) hi = x;
    }
    return hi;
  }

  toState(): ExactSumState {
    return { partials: [...this.partials], special: this.special === 0 ? null : (String(this.special) as 'NaN' | 'Infinity' | '-Infinity') };
  }

  /** An exact sum continuing from a state of toState. */
  static fromState(raw: unknown): ExactSum {
    const state = ExactSumStateSchema.parse(raw);
    const sum = new ExactSum();
    // Re-adding keeps the partials' invariant even if a state was edited by hand.
    for (const partial of state.partials) sum.add(partial);
    if (state.special !== null) sum.special = Number(state.special);
    return sum;
  }
}
