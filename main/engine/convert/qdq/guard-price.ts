/**
 * What the channel guard's float32 islands cost on this CPU: the variant that keeps them and its unguarded twin are
 * timed against each other (verify-variant.ts: interleaved runs on the first calibration image, level 'all', the
 * threads the file will run on). The guard stays only if its gain in output SQNR pays for the slowdown
 * (guardWorthItsPrice in guard-check.ts). Runs only when the conversion measures speed; a search times its candidates
 * itself.
 */
import { verifyVariant, type TimingInput } from '../verify-variant.js';
import { GUARD_DB_PER_TENTH, GUARD_FREE_SLOWDOWN, guardWorthItsPrice } from './guard-check.js';

/** Interleaved runs of both files: at least 9 each, and more until both together ran 3 s (at most 200). */
const GUARD_TIMING = { runs: 9, minTotalMs: 3000, maxRuns: 200 } as const;

export interface GuardPrice {
  /** Latency with the guard's islands over latency without them (medians). */
  slowdown: number;
  worth: boolean;
  /** The measurement and the verdict, for the manifest's note. */
  sentence: string;
}

function ms(v: number): string {
  return v >= 10 ? v.toFixed(1) : v.toPrecision(2);
}

/** Times `guardedFile` against `unguardedFile` and weighs `gainDb` against the slowdown. */
export async function priceGuard(guardedFile: string, unguardedFile: string, input: TimingInput, gainDb: number): Promise<GuardPrice | null> {
  const m = await verifyVariant(unguardedFile, guardedFile, input, { ...GUARD_TIMING, threads: null });
  if (m === null) return null;
  const slowdown = m.sourceMedianMs > 0 ? m.outputMedianMs / m.sourceMedianMs : 1;
  const worth = guardWorthItsPrice(gainDb, slowdown);
  const timing = `median ${ms(m.outputMedianMs)} ms with its float32 islands vs ${ms(m.sourceMedianMs)} ms without, ${m.runs} interleaved runs each on ${input.description}, ${m.threads} thread(s), ONNX Runtime level 'all'`;
  const rate = `${GUARD_DB_PER_TENTH} dB of output SQNR per 10% of latency`;
  let sentence: string;
  if (slowdown < GUARD_FREE_SLOWDOWN) sentence = `On this CPU the guard costs no time a short timing can tell (${slowdown.toFixed(2)}×; ${timing}).`;
  else if (worth) sentence = `On this CPU the guard makes the file ${slowdown.toFixed(2)}× slower (${timing}); its ${gainDb.toFixed(1)} dB pay for that (at least ${rate}).`;
  else {
    sentence = `On this CPU the guard would make the file ${slowdown.toFixed(2)}× slower (${timing}); its ${gainDb.toFixed(1)} dB do not pay for that (less than ${rate}), so it is dropped and every tensor it would keep is quantized (--no-channel-guard-check keeps it whatever it costs).`;
  }
  return { slowdown, worth, sentence };
}
