/**
 * A mean over images as an exact sum and a count: constant memory, saved in checkpoints, merged across shards. The
 * sum is exact (ExactSum), so a mean does not depend on the order of the images nor on how shards split them.
 */
import { z } from 'zod';
import { ExactSum, ExactSumStateSchema } from './exact-sum.js';

export const RunningMeanStateSchema = z.object({ sum: ExactSumStateSchema, count: z.number().int().min(0) });
export type RunningMeanState = z.infer<typeof RunningMeanStateSchema>;

export class RunningMean {
  private sum = new ExactSum();
  private count = 0;

  add(value: number): void {
    this.sum.add(value);
    this.count++;
  }

  /** The mean, or null when nothing was added. */
  value(): number | null {
    return this.count === 0 ? null : this.sum.value() / this.count;
  }

  /** Adds another mean's values, as if they had been added here. */
  merge(other: RunningMean): void {
    this.sum.merge(other.sum);
    this.count += other.count;
  }

  toState(): RunningMeanState {
    return { sum: this.sum.toState(), count: this.count };
  }

  /** Continues from a state of toState (throws on a malformed one). */
  restore(raw: unknown): void {
    const state = RunningMeanStateSchema.parse(raw);
    this.sum = ExactSum.fromState(state.sum);
    this.count = state.count;
  }
}
