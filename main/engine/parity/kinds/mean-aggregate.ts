/** A kind aggregate made of named running means (plus what a kind keeps besides), with JSON state and exact merge. */
import { z } from 'zod';
import { RunningMean, RunningMeanStateSchema, type RunningMeanState } from '../metrics/running-mean.js';
import type { KindAggregate, KindState } from './output-kind.js';

const MeansStateSchema = z.record(z.string(), RunningMeanStateSchema);

/** Running means keyed by name: the common part of the classification and dense aggregates. */
export class NamedMeans<Name extends string> {
  private readonly means: Record<Name, RunningMean>;

  constructor(private readonly names: readonly Name[]) {
    this.means = Object.fromEntries(names.map((n) => [n, new RunningMean()])) as Record<Name, RunningMean>;
  }

  add(name: Name, value: number): void {
    this.means[name].add(value);
  }

  value(name: Name): number | null {
    return this.means[name].value();
  }

  merge(other: NamedMeans<Name>): void {
    for (const n of this.names) this.means[n].merge(other.means[n]);
  }

  toState(): Record<string, RunningMeanState> {
    return Object.fromEntries(this.names.map((n) => [n, this.means[n].toState()]));
  }

  restore(raw: unknown): void {
    const state = MeansStateSchema.parse(raw);
    for (const n of this.names) {
      const saved = state[n];
      if (!saved) throw new Error(`checkpoint: mean "${n}" missing`);
      this.means[n].restore(saved);
    }
  }
}

/** The aggregate `other` as this aggregate's own class, or an internal error when kinds were mixed up. */
export function sameAggregate<T extends KindAggregate>(self: T, other: KindAggregate): T {
  if (other.constructor !== self.constructor) throw new Error('internal: merging aggregates of different output kinds');
  return other as T;
}

export type { KindState };
