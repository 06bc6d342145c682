/**
 * When the channel guard keeps two or more float islands, one island alone may buy most of their accuracy for a
 * fraction of their latency. Each island is kept float32 on its own in a copy of the model and its gain in output SQNR
 * over the fully integer file measured on the check images; then the float model, the fully integer file, the file
 * with all the islands and the single islands that gain most are timed together (interleaved rounds, this CPU). The
 * file that stays is the one whose gain exceeds its price by most (guardNet: the output error removed, in points of
 * the outputs' power, less 1 point per 10% of latency; slowdowns under 5% free), never one slower than the float
 * model while the integer file is faster; when nothing pays, every
 * tensor is quantized. Copies are built from the float file the guard check wrote and removed afterwards.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeModel, type LoadedModel } from '../../onnx/index.js';
import type { TimingInput } from '../verify-variant.js';
import { errorChange, GUARD_CHECK_IMAGES, GUARD_FREE_SLOWDOWN, GUARD_POINTS_PER_TENTH, guardNet, outputSqnrs } from './guard-check.js';
import { ms } from '../../bench/runs-in-turns.js';
import { interleavedMedians } from './guard-price.js';
import { variant, type GuardRefineInput } from './guard-refine.js';
import type { QuantizedGraph } from './quantize-graph.js';

/** Single islands timed at most: those with the largest gains (each timed file lengthens every round). */
export const MAX_PRICED_ISLANDS = 4;
/** A single island is timed only if it alone buys at least this much output SQNR (dB). */
const LEAST_ISLAND_GAIN_DB = 0.5;

export interface IslandPricingInput extends GuardRefineInput {
  /** The islands the guard keeps (two or more). */
  islands: readonly string[][];
  /** The file keeping all of them, and its gain in output SQNR (dB) over the fully integer file. */
  wholeFile: string;
  wholeGainDb: number;
  unguardedFile: string;
  /** Output SQNR (dB) of the fully integer file on the check images. */
  unguardedDb: number;
  timing: TimingInput;
}

export type IslandChoice = { kind: 'none' } | { kind: 'whole' } | { kind: 'island'; tensors: readonly string[]; model: LoadedModel; quantized: QuantizedGraph };

export interface IslandPricing {
  choice: IslandChoice;
  sentence: string;
}

function pct(slowdown: number): string {
  const d = Math.round((slowdown - 1) * 100);
  return `${d >= 0 ? '+' : '−'}${Math.abs(d)}%`;
}

interface Option {
  label: string;
  /** Index into the islands, or -1 for all of them. */
  island: number;
  gain: number;
  slowdown: number;
  net: number;
  allowed: boolean;
}

/** Weighs all the islands and each promising one alone against their latency (see the file comment). */
export async function priceIslands(input: IslandPricingInput): Promise<IslandPricing> {
  const files: string[] = [];
  try {
    for (let k = 0; k < input.islands.length; k++) {
      input.ctx.throwIfCancelled();
      input.ctx.progress('weighing each float island against its latency', k, input.islands.length + 1);
      const file = join(input.workDir, `guard-island-${k}.onnx`);
      await writeModel((await variant(input, new Set(input.islands[k]))).model, file);
      files.push(file);
    }
    const { db } = await outputSqnrs(input.floatFile, files, input.inputName, input.entries.slice(0, GUARD_CHECK_IMAGES), input.spec);
    const singles = db
      .map((d, k) => ({ gain: d - input.unguardedDb, k }))
      .filter(({ gain }) => gain >= LEAST_ISLAND_GAIN_DB)
      .sort((a, b) => b.gain - a.gain)
      .slice(0, MAX_PRICED_ISLANDS);
    input.ctx.progress('weighing each float island against its latency', input.islands.length, input.islands.length + 1);
    const timed = [input.floatFile, input.unguardedFile, input.wholeFile, ...singles.map(({ k }) => files[k]!)];
    const { medians, rounds, threads } = await interleavedMedians(timed, input.timing);
    const [float, integer, ...withIslands] = medians as [number, number, ...number[]];
    const option = (label: string, island: number, gain: number, ms: number): Option => {
      const slowdown = integer > 0 ? ms / integer : 1;
      const slowerThanFloat = ms >= float * GUARD_FREE_SLOWDOWN && integer * GUARD_FREE_SLOWDOWN <= float;
      const net = guardNet(input.unguardedDb, input.unguardedDb + gain, slowdown);
      return { label, island, gain, slowdown, net, allowed: net >= -1e-9 && !slowerThanFloat };
    };
    const options = [
      option(`all ${input.islands.length} islands`, -1, input.wholeGainDb, withIslands[0]!),
      ...singles.map(({ gain, k }, j) => option(`the island of ${input.islands[k]![0]}${input.islands[k]!.length > 1 ? ` (${input.islands[k]!.length} tensors)` : ''} alone`, k, gain, withIslands[j + 1]!)),
    ];
    const best = options.filter((o) => o.allowed).sort((a, b) => b.net - a.net || b.gain - a.gain)[0];
    const list = options.map((o) => `${o.label} ${o.gain.toFixed(1)} dB (${errorChange(input.unguardedDb, input.unguardedDb + o.gain)}) for ${pct(o.slowdown)}`).join(', ');
    const skipped = input.islands.length - singles.length;
    const measured = `${list}${skipped > 0 ? ` (${skipped} island(s) buying less than ${LEAST_ISLAND_GAIN_DB} dB alone, or beyond the ${MAX_PRICED_ISLANDS} that buy most, not timed)` : ''}; against ${ms(integer)} ms fully integer and ${ms(float)} ms for the float model, median of ${rounds} interleaved runs each on ${input.timing.description}, ${threads} thread(s), ONNX Runtime level 'all'`;
    const rule = `the file kept is the one whose output error removed, in points of the outputs' power, exceeds its price by most, ${GUARD_POINTS_PER_TENTH} point per 10% of latency (under ${Math.round((GUARD_FREE_SLOWDOWN - 1) * 100)}% free)`;
    if (best === undefined) return { choice: { kind: 'none' }, sentence: `On this CPU no float island pays for its latency (${measured}; ${rule}), so every tensor the guard would keep is quantized (--no-channel-guard-check keeps the guard whatever it costs).` };
    if (best.island < 0) return { choice: { kind: 'whole' }, sentence: `On this CPU the guard's islands pay for their latency together better than any one alone (${measured}; ${rule}).` };
    const tensors = input.islands[best.island]!;
    const chosen = await variant(input, new Set(tensors));
    return {
      choice: { kind: 'island', tensors, ...chosen },
      sentence: `On this CPU ${best.label} pays for its latency best (${measured}; ${rule}): it stays float32 (${tensors.join(', ')}) and the other islands are quantized.`,
    };
  } finally {
    await Promise.all(files.flatMap((f) => [rm(f, { force: true }), rm(`${f}.data`, { force: true })]));
  }
}
