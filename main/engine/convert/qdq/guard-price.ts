/**
 * What the channel guard's float32 islands cost on this CPU: the float model, the variant that keeps the islands and
 * its unguarded twin are timed together (interleaved rounds, the order rotating, on the first calibration image,
 * level 'all', the threads the file will run on, no spin-waiting so that one session's idle threads do not take the
 * cores from the next one's run). The guard stays only if the output error it removes pays for the
 * slowdown (guardWorthItsPrice in guard-check.ts), and never when it would make the file slower than the float model
 * while the unguarded file is faster (each by GUARD_FREE_SLOWDOWN, beyond a short timing's noise): int8-static's
 * first promise is speed. Runs only when the
 * conversion measures speed; a search times its candidates itself.
 */
import os from 'node:os';
import { ms, timeInTurns, type TurnSettings, type TurnTimes } from '../../bench/runs-in-turns.js';
import { createCpuSession, type CpuSession } from '../../infer/index.js';
import type { TimingInput } from '../verify-variant.js';
import { errorChange, GUARD_FREE_SLOWDOWN, GUARD_POINTS_PER_TENTH, guardWorthItsPrice } from './guard-check.js';

/**
 * Interleaved rounds: at least 9, more until the three files together ran 4 s (at most 200); a large model stops after
 * 20 s once it has 3.
 */
const TURNS: TurnSettings = { minRounds: 9, minTotalMs: 4000, maxRounds: 200, fewestRounds: 3, maxTotalMs: 20_000 };

export interface GuardPrice {
  /** Latency with the guard's islands over latency without them (medians). */
  slowdown: number;
  worth: boolean;
  /** The measurement and the verdict, for the manifest's note. */
  sentence: string;
}

/** Median latency (ms) of each file, timed in interleaved rounds whose order rotates (bench/runs-in-turns.ts). */
export async function interleavedMedians(files: readonly string[], input: TimingInput): Promise<TurnTimes & { threads: number }> {
  const threads = os.availableParallelism();
  const sessions: CpuSession[] = [];
  try {
    for (const f of files) sessions.push(await createCpuSession(f, { intraOpThreads: threads, optimizationLevel: 'all', spinning: false, quiet: true, describedAs: 'the guard-timing copy of' }));
    const feed = { [input.name]: { dtype: input.dtype, data: input.tensor.data, dims: input.tensor.dims } };
    return { ...(await timeInTurns(sessions, feed, TURNS)), threads };
  } finally {
    await Promise.all(sessions.map((s) => s.release()));
  }
}

/**
 * Times the float model, `guardedFile` and `unguardedFile` together and weighs the guard, which takes the outputs
 * from `withoutDb` to `withDb` of SQNR, against its cost.
 */
export async function priceGuard(floatFile: string, guardedFile: string, unguardedFile: string, input: TimingInput, withoutDb: number, withDb: number): Promise<GuardPrice> {
  const { medians, rounds, threads } = await interleavedMedians([floatFile, guardedFile, unguardedFile], input);
  const [float, guarded, unguarded] = medians as [number, number, number];
  const slowdown = unguarded > 0 ? guarded / unguarded : 1;
  const paid = guardWorthItsPrice(withoutDb, withDb, slowdown);
  // With the guard the file would be measurably slower than the float model, without it measurably faster.
  const slowerThanFloat = guarded >= float * GUARD_FREE_SLOWDOWN && unguarded * GUARD_FREE_SLOWDOWN <= float;
  const worth = paid && !slowerThanFloat;
  const timing = `median ${ms(guarded)} ms with its float32 islands vs ${ms(unguarded)} ms without and ${ms(float)} ms for the float model, ${rounds} interleaved runs each on ${input.description}, ${threads} thread(s), ONNX Runtime level 'all'`;
  const rate = `${GUARD_POINTS_PER_TENTH} point of output error per 10% of latency`;
  const gain = `taking the outputs from ${withoutDb.toFixed(1)} to ${withDb.toFixed(1)} dB (${errorChange(withoutDb, withDb)} of their power)`;
  const dropped = 'so it is dropped and every tensor it would keep is quantized (--no-channel-guard-check keeps it whatever it costs)';
  let sentence: string;
  if (slowerThanFloat) sentence = `On this CPU the guard would make the file slower than the float model, while without it the file is faster (${timing}); ${dropped}.`;
  else if (slowdown < GUARD_FREE_SLOWDOWN) sentence = `On this CPU the guard costs no time a short timing can tell (${slowdown.toFixed(2)}×; ${timing})${worth ? '' : `, but it does not make the outputs closer to float32; ${dropped}`}.`;
  else if (worth) sentence = `On this CPU the guard makes the file ${slowdown.toFixed(2)}× slower (${timing}); ${gain}, it pays for that (at least ${rate}).`;
  else sentence = `On this CPU the guard would make the file ${slowdown.toFixed(2)}× slower (${timing}); ${gain}, it does not pay for that (less than ${rate}), ${dropped}.`;
  return { slowdown, worth, sentence };
}
