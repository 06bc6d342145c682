/**
 * Open sessions timed in turns on one input: each round runs every session once, the order rotating from round to
 * round so that a slow spell of a shared machine hits them all alike, and turning backwards every n rounds so that each
 * session follows every other equally often: a run is slower right after a heavier model's (its caches are cold), and
 * with forward rotations alone the second of three sessions follows the first in two rounds of three — two copies of
 * one file timed 1.06–1.10× apart behind a model 4× heavier. Used where a conversion compares files on this
 * CPU (the final speed check, the channel guard's price). Sessions should not spin-wait: one's idle threads would take
 * the cores from the next one's run.
 */
import type { CpuSession, TensorInput } from '../infer/index.js';
import { median } from './percentiles.js';

export interface TurnSettings {
  /** At least this many rounds, then more until the sessions together ran minTotalMs (at most maxRounds)... */
  minRounds: number;
  minTotalMs: number;
  maxRounds: number;
  /** ...unless maxTotalMs has passed once fewestRounds are done (a large model). */
  fewestRounds: number;
  maxTotalMs: number;
}

export interface TurnTimes {
  /** Median latency (ms) of each session, in the order given. */
  medians: number[];
  rounds: number;
}

/** Runs each session once untimed, then times them in rotating turns (see the file comment). */
export async function timeInTurns(sessions: readonly Pick<CpuSession, 'run'>[], feed: Readonly<Record<string, TensorInput>>, settings: TurnSettings): Promise<TurnTimes> {
  for (const s of sessions) await s.run(feed);
  const times: number[][] = sessions.map(() => []);
  const started = performance.now();
  const more = (rounds: number, elapsed: number): boolean =>
    rounds < settings.fewestRounds || (elapsed < settings.maxTotalMs && (rounds < settings.minRounds || elapsed < settings.minTotalMs));
  let rounds = 0;
  for (; rounds < settings.maxRounds && more(rounds, performance.now() - started); rounds++) {
    const n = sessions.length;
    const shift = rounds % n;
    const backwards = Math.floor(rounds / n) % 2 === 1;
    for (let k = 0; k < n; k++) {
      const i = backwards ? (shift - k + n) % n : (shift + k) % n;
      const t0 = performance.now();
      await sessions[i]!.run(feed);
      times[i]!.push(performance.now() - t0);
    }
  }
  return { medians: times.map(median), rounds };
}

/** A median latency as conversion notes print it: one decimal from 10 ms, two significant digits below. */
export function ms(v: number): string {
  return v >= 10 ? v.toFixed(1) : v.toPrecision(2);
}
