/**
 * Once the guard check has found that the channel guard's float32 tensors buy output accuracy, each float island
 * they make (guard-groups.ts) is weighed on its own: a copy of the model quantizes that island alone, and the island
 * stays float32 only if that costs at least GUARD_GROUP_DB of output SQNR against the float model and leaves it below
 * GUARD_ENOUGH_DB. The variant that keeps only the needed islands is checked once more as a whole and replaces the
 * fully guarded one when it is within REFINE_SLACK_DB of it (or at GUARD_ENOUGH_DB or more); otherwise the
 * whole guard stays. Every copy is built from the float model file the guard check wrote, on the same calibration,
 * weighed against the fully guarded variant's SQNR as the check measured it, and removed afterwards.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { readModel, writeModel, type LoadedModel } from '../../onnx/index.js';
import type { ActivationRange } from '../calibration/histogram-range.js';
import type { TensorTypes } from '../tensor-types.js';
import { GUARD_CHECK_IMAGES, GUARD_ENOUGH_DB, GUARD_GROUP_DB, MAX_GUARD_GROUPS, outputSqnrs, type CheckRun } from './guard-check.js';
import { guardGroups } from './guard-groups.js';
import type { PlacementOptions, PlacementPlan } from './placement.js';
import { planGraph, quantizeGraph, resolveGraph, type QuantizedGraph } from './quantize-graph.js';
import type { QdqSettings } from './resolve-quantization.js';

/** How much output SQNR (dB) the refined guard may give up against the whole guard. */
const REFINE_SLACK_DB = 0.5;

export interface GuardRefineInput extends CheckRun {
  floatFile: string;
  /** Output SQNR (dB) of the fully guarded variant on the check images, as checkGuard measured it. */
  guardedDb: number;
  guarded: readonly string[];
  plan: PlacementPlan;
  types: TensorTypes;
  exclusions: PlacementOptions;
  ranges: ReadonlyMap<string, ActivationRange>;
  meanSquares: ReadonlyMap<string, Float64Array>;
  /** Channel means for bias correction (null: none). */
  inputMeans: ReadonlyMap<string, Float64Array> | null;
  settings: QdqSettings;
}

export interface GuardRefinement {
  /** The variant keeping only the needed islands, or null when the whole guard stays. */
  chosen: { model: LoadedModel; quantized: QuantizedGraph } | null;
  /** Output SQNR (dB) of the chosen variant on the check images (absent when the whole guard stays). */
  keptDb?: number;
  /** The float islands that stay: the needed ones when a variant was chosen, else all of the guard's. */
  islands: string[][];
  note: string;
}

/** The model quantized with only the tensors in `only` kept float32 by the guard (a fresh copy of the float file). */
export async function variant(input: GuardRefineInput, only: ReadonlySet<string>): Promise<{ model: LoadedModel; quantized: QuantizedGraph }> {
  const model = await readModel(input.floatFile, { checkStructure: false });
  const planned = planGraph(model.proto, model, input.types, input.exclusions);
  const resolved = resolveGraph(planned, input.ranges, input.meanSquares, { ...input.settings, guardOnly: only });
  return { model, quantized: quantizeGraph(planned, resolved, input.settings, input.inputMeans) };
}

function without(groups: readonly string[][], skip: number): Set<string> {
  return new Set(groups.flatMap((g, k) => (k === skip ? [] : g)));
}

/** Weighs the guard's islands one by one (see the file comment); null when there is nothing to weigh. */
export async function refineGuard(input: GuardRefineInput): Promise<GuardRefinement | null> {
  const groups = guardGroups(input.plan, input.guarded);
  if (groups.length < 2 || groups.length > MAX_GUARD_GROUPS) return null;
  const images = input.entries.slice(0, GUARD_CHECK_IMAGES);
  const files: string[] = [];
  try {
    for (let k = 0; k < groups.length; k++) {
      input.ctx.throwIfCancelled();
      input.ctx.progress('weighing the channel guard island by island', k, groups.length + 1);
      const v = await variant(input, without(groups, k));
      const file = join(input.workDir, `guard-group-${k}.onnx`);
      await writeModel(v.model, file);
      files.push(file);
    }
    const { db } = await outputSqnrs(input.floatFile, files, input.inputName, images, input.spec);
    const whole = input.guardedDb;
    const needed = groups.filter((_, k) => whole - db[k]! >= GUARD_GROUP_DB && db[k]! < GUARD_ENOUGH_DB);
    const islands = `${groups.length} float island(s)`;
    if (needed.length === groups.length) return { chosen: null, islands: groups, note: `Each of the guard's ${islands} is needed (quantizing any one alone costs ${GUARD_GROUP_DB} dB or more, below ${GUARD_ENOUGH_DB} dB).` };
    if (needed.length === 0) return { chosen: null, islands: groups, note: `No single one of the guard's ${islands} costs ${GUARD_GROUP_DB} dB when quantized alone, but all of them together do: the whole guard stays.` };
    input.ctx.progress('weighing the channel guard island by island', groups.length, groups.length + 1);
    const kept = new Set(needed.flat());
    const chosen = await variant(input, kept);
    const file = join(input.workDir, 'guard-groups-kept.onnx');
    await writeModel(chosen.model, file);
    files.push(file);
    const [keptDb] = (await outputSqnrs(input.floatFile, [file], input.inputName, images, input.spec)).db as [number];
    const summary = `the guard's ${islands} weighed one by one: ${needed.length} needed (quantizing it alone costs ≥ ${GUARD_GROUP_DB} dB, below ${GUARD_ENOUGH_DB} dB), ${groups.length - needed.length} quantized after all`;
    if (whole - keptDb > REFINE_SLACK_DB && keptDb < GUARD_ENOUGH_DB) return { chosen: null, islands: groups, note: `${summary} would give ${keptDb.toFixed(1)} dB against ${whole.toFixed(1)} dB with the whole guard, so the whole guard stays.` };
    return { chosen, keptDb, islands: needed, note: `${summary}: ${kept.size} of ${input.guarded.length} tensor(s) stay float32; outputs ${keptDb.toFixed(1)} dB against ${whole.toFixed(1)} dB with the whole guard.` };
  } finally {
    await Promise.all(files.flatMap((f) => [rm(f, { force: true }), rm(`${f}.data`, { force: true })]));
  }
}
