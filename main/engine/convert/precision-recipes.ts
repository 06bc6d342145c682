/**
 * The fp16, fp16-weights, int8-dynamic and int8-static recipes as in-memory rewrites of the prepared model:
 * each returns the edited graph together with everything the manifest records about it.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { clone } from '@bufbuild/protobuf';
import type { ConversionOptions } from '../../../shared/contract/jobs/convert.js';
import { ParityError } from '../../../shared/errors.js';
import type { ConversionManifest } from '../../../shared/report/conversion-manifest.js';
import { resolvePreprocessSpec } from '../images/index.js';
import type { JobContext } from '../jobs/context.js';
import { ModelProtoSchema, writeModel, type LoadedModel } from '../onnx/index.js';
import { readCpuInfo } from '../env/cpu-info.js';
import { calibrate, type CalibrationResult, type CalibrationSource } from './calibration/calibrate.js';
import { selectCalibrationImages, type CalibrationImages } from './calibration/calibration-images.js';
import type { PreprocessSpec } from '../../../shared/preprocess.js';
import { applyDynamic, DYNAMIC_OPS } from './dynamic-quantize.js';
import { convertToFloat16, FP16_BLOCKED_OPS } from './fp16.js';
import { FP16_WEIGHTS_MIN_ELEMENTS, storeWeightsAsFloat16 } from './fp16-weights.js';
import { GraphEdit } from './graph-edit.js';
import { chooseInt8Path, type Int8Path } from './int8-path.js';
import { defaultOpset, upgradeOpset } from './opset-upgrade.js';
import { foldAffineIntoWeights } from './qdq/affine-folding.js';
import { equalizeChecked } from './equalize-checked.js';
import { checkBiasCorrection } from './qdq/bias-check.js';
import { checkGuard, GUARD_ENOUGH_DB, GUARD_GAIN_DB, MAX_GUARD_GROUPS, type GuardCheck } from './qdq/guard-check.js';
import { refineGuard, type GuardRefinement } from './qdq/guard-refine.js';
import { priceGuard, type GuardPrice } from './qdq/guard-price.js';
import { priceIslands, type IslandPricing } from './qdq/guard-island-price.js';
import { guardGroups } from './qdq/guard-groups.js';
import { constantOperandsAsAddMul, expandHardActivations } from './qdq/integer-friendly-forms.js';
import { planGraph, quantizeGraph, resolveGraph, type PlannedGraph, type QuantizedGraph } from './qdq/quantize-graph.js';
import type { QdqSettings } from './qdq/resolve-quantization.js';
import { probeTensorTypes, type TensorTypes } from './tensor-types.js';
import { greyInput, imageInput } from './timing-input.js';
import { selectWeightedNodes, type Exclusion } from './weighted-nodes.js';
import type { TimingInput } from './verify-variant.js';

/** Calibration files the manifest lists by name when they could not be used (the count covers all). */
const MAX_SKIPPED_LISTED = 200;

/** Opset of int8 outputs: per-channel QuantizeLinear/DequantizeLinear need 13. */
export const QUANTIZED_OPSET = 13;

export interface RecipeOutcome {
  options: Record<string, unknown>;
  quantized: string[];
  excluded: Exclusion[];
  calibration: ConversionManifest['calibration'];
  int8Path?: Int8Path;
  notes: string[];
  /** A real input for the final check and timing (null when none is known). */
  timingInput: TimingInput | null;
  /** int8-static: why each operator left in float32 stays there, by node name (for the fusion check). */
  floatReasons?: Map<string, string>;
}


export type PrecisionRecipe = 'fp16' | 'fp16-weights' | 'int8-dynamic' | 'int8-static';

/** What int8-static checks before any heavy work: the image input, its preprocessing and the calibration images. */
export interface CalibrationPlan {
  inputName: string;
  spec: PreprocessSpec;
  images: CalibrationImages;
}

/** Validates the calibration inputs of int8-static against the source model (fails fast on bad input). */
export async function planCalibration(source: LoadedModel, options: ConversionOptions): Promise<CalibrationPlan> {
  if (options.calib === null) {
    throw new ParityError('BAD_OPTION', 'int8-static needs calibration images: give a folder of them (--calib <dir>).', 'Use a few hundred images like the ones the model will see in use.');
  }
  const input = imageInput(source);
  const spec = resolvePreprocessSpec(options.preprocess, input);
  const images = await selectCalibrationImages(options.calib, options.calibSize, options.seed);
  return { inputName: input.name, spec, images };
}

export interface RecipeContext {
  model: LoadedModel;
  options: ConversionOptions;
  workDir: string;
  ctx: JobContext;
  /** int8-static only. */
  calibration?: CalibrationPlan;
  /** int8-static: where calibration results come from (default: a fresh pass over the images). */
  calibrationSource?: CalibrationSource;
}

function fp16Recipe(r: RecipeContext, types: TensorTypes): RecipeOutcome {
  const edit = new GraphEdit(r.model.proto.graph!);
  const result = convertToFloat16(edit, r.model, types, {
    excludeNodes: new Set(r.options.excludeNodes),
    excludeOps: new Set(r.options.excludeOps),
  });
  const notes = [
    `Weights and activations in float16, inputs and outputs kept float32 (a Cast after each input and before each output); ${result.converted.length} nodes compute in float16, ${result.excluded.length} stay float32 (see excluded).`,
    "ONNX Runtime's CPU provider has float16 kernels for only a few operators and inserts Casts to float32 around the others, so on a CPU this variant is mainly smaller; see the measured speed.",
  ];
  if (result.clampedValues > 0) notes.push(`${result.clampedValues} weight value(s) beyond ±65504 were clamped to float16's range.`);
  if (result.flushedValues > 0) notes.push(`${result.flushedValues} tiny non-zero weight value(s) (|v| < 2^-25) rounded to 0 in float16.`);
  return {
    options: {
      keepIoTypes: 'float32',
      blockedOps: [...FP16_BLOCKED_OPS.keys()],
      excludeNodes: r.options.excludeNodes,
      excludeOps: r.options.excludeOps,
    },
    quantized: result.converted,
    excluded: result.excluded,
    calibration: null,
    notes,
    timingInput: greyInput(r.model, r.options),
  };
}

function fp16WeightsRecipe(r: RecipeContext): RecipeOutcome {
  const edit = new GraphEdit(r.model.proto.graph!);
  const result = storeWeightsAsFloat16(edit, r.model);
  const notes = [
    `${result.converted.length} weight tensors stored as float16 and cast to float32 once when ONNX Runtime loads the model (constant folding): compute stays float32.`,
  ];
  if (result.clampedValues > 0) notes.push(`${result.clampedValues} weight value(s) beyond ±65504 were clamped to float16's range.`);
  if (result.flushedValues > 0) notes.push(`${result.flushedValues} tiny non-zero weight value(s) (|v| < 2^-25) rounded to 0 in float16.`);
  return {
    options: { minElements: FP16_WEIGHTS_MIN_ELEMENTS },
    quantized: result.converted,
    excluded: [],
    calibration: null,
    notes,
    timingInput: greyInput(r.model, r.options),
  };
}

async function upgradeForInt8(r: RecipeContext): Promise<{ types: TensorTypes; notes: string[] }> {
  const notes: string[] = [];
  const from = defaultOpset(r.model.proto);
  let types = await probeTensorTypes(r.model, r.workDir);
  if (from < QUANTIZED_OPSET) {
    const rewritten = upgradeOpset(r.model.proto, QUANTIZED_OPSET, types);
    notes.push(`Opset raised from ${from} to ${QUANTIZED_OPSET} for per-channel QuantizeLinear/DequantizeLinear; ${rewritten} node(s) rewritten to the newer operator signatures with the same results.`);
    types = await probeTensorTypes(r.model, r.workDir);
  }
  return { types, notes };
}

function int8Options(o: ConversionOptions, path: Int8Path): Record<string, unknown> {
  return {
    perChannel: o.perChannel,
    reduceRange: path.reduceRange,
    weightType: o.weightType,
    excludeNodes: o.excludeNodes,
    excludeOps: o.excludeOps,
    opset: QUANTIZED_OPSET,
  };
}

async function int8DynamicRecipe(r: RecipeContext): Promise<RecipeOutcome> {
  if (r.options.activationType !== 'uint8') {
    throw new ParityError('BAD_OPTION', 'int8-dynamic quantizes activations with DynamicQuantizeLinear, which produces uint8 only.', 'Leave out --activation-type (or use int8-static for int8 activations).');
  }
  const path = chooseInt8Path(readCpuInfo().flags, r.options.reduceRange, r.options.weightType);
  const { types, notes } = await upgradeForInt8(r);
  r.ctx.progress('quantizing', 0, 1);
  const edit = new GraphEdit(r.model.proto.graph!);
  const selection = selectWeightedNodes(r.model.proto, edit, types, {
    ops: DYNAMIC_OPS,
    excludeNodes: new Set(r.options.excludeNodes),
    excludeOps: new Set(r.options.excludeOps),
  });
  const result = applyDynamic(edit, r.model, selection.selected, { perChannel: r.options.perChannel, reduceRange: path.reduceRange, weightType: r.options.weightType });
  notes.push(`Weights: ${path.reason}.`);
  notes.push(
    result.quantized.length === 0
      ? 'No MatMul or Gemm with a constant weight was found, so nothing was quantized: the file only differs by its preparation (see excluded for the convolutions).'
      : `${result.quantized.length} MatMul/Gemm node(s) use int8 weights with activations quantized at run time (DynamicQuantizeLinear → MatMulInteger).`,
  );
  return {
    options: { ...int8Options(r.options, path), activationType: 'uint8 (dynamic)' },
    quantized: result.quantized,
    excluded: [...selection.excluded, ...result.excluded],
    calibration: null,
    int8Path: path,
    notes,
    timingInput: greyInput(r.model, r.options),
  };
}

/** Float-equivalent rewrites that let more of the graph run as integer kernels; returns the manifest notes. */
function integerFriendlyRewrites(edit: GraphEdit, model: LoadedModel): string[] {
  const notes: string[] = [];
  const folded = foldAffineIntoWeights(edit, model);
  if (folded.size > 0) {
    const list = [...folded].map(([op, n]) => `${n} ${op}`).join(', ');
    notes.push(`Folded into the weights and bias of the Conv/ConvTranspose/Gemm they follow (same results up to float32 rounding): ${list}.`);
  }
  const arithmetic = constantOperandsAsAddMul(edit, model);
  if (arithmetic > 0) notes.push(`${arithmetic} Sub/Div by a constant rewritten as Add/Mul by its negation/reciprocal, which have integer kernels.`);
  const hard = expandHardActivations(edit);
  if (hard > 0) notes.push(`${hard} HardSigmoid/HardSwish spelt as Mul → Add → Clip (→ Mul), which quantize into integer kernels with the Clip folded.`);
  return notes;
}

/**
 * Quantizes `r.model` in place with the channel guard, or — when the check finds the guard buys no accuracy on the
 * network's outputs — the unguarded twin planned on a copy of the same graph and calibration. `floatFile` holds the
 * float model the checks compare against (written by the caller when a check may run).
 */
async function quantizeWithGuardCheck(
  r: RecipeContext,
  types: TensorTypes,
  plan: CalibrationPlan,
  settings: QdqSettings,
  main: PlannedGraph,
  calibration: CalibrationResult,
  means: ReadonlyMap<string, Float64Array> | null,
  floatFile: string,
  measured: { file: string; db: number } | null,
): Promise<{ chosen: QuantizedGraph; guardNote: string | null }> {
  const o = r.options;
  const exclusions = { excludeNodes: new Set(o.excludeNodes), excludeOps: new Set(o.excludeOps) };
  const twin = settings.minChannelSqnrDb !== null && o.channelGuardCheck ? clone(ModelProtoSchema, r.model.proto) : null;
  r.ctx.progress('quantizing', 0, 1);
  const guarded = resolveGraph(main, calibration.ranges, calibration.meanSquares, settings);
  if (twin === null || guarded.guarded.length === 0) return { chosen: quantizeGraph(main, guarded, settings, means), guardNote: null };
  const free = planGraph(twin, r.model, types, exclusions);
  const freeSettings = { ...settings, minChannelSqnrDb: null };
  const unguarded = resolveGraph(free, calibration.ranges, calibration.meanSquares, freeSettings);
  const lost = unguarded.integerNodes.size - guarded.integerNodes.size;
  if (lost <= 0) return { chosen: quantizeGraph(main, guarded, settings, means), guardNote: null };
  r.ctx.progress('checking the channel guard', 0, 1);
  // The unguarded twin is the file the equalization check already built and measured, when it ran.
  const files = [join(r.workDir, 'guard-check-guarded.onnx'), measured?.file ?? join(r.workDir, 'guard-check-unguarded.onnx')] as [string, string];
  const withGuard = quantizeGraph(main, guarded, settings, means);
  const withoutGuard = quantizeGraph(free, unguarded, freeSettings, means);
  await writeModel(r.model.proto, files[0], { sourceDir: r.model.dir });
  if (measured === null) await writeModel(twin, files[1], { sourceDir: r.model.dir });
  const scratch: string[] = [...files];
  let refined: GuardRefinement | null = null;
  let price: GuardPrice | null = null;
  let single: IslandPricing | null = null;
  let check: GuardCheck;
  try {
    check = await checkGuard(floatFile, files[0], files[1], plan.inputName, plan.images.entries, plan.spec, measured?.db);
    if (check.keep) {
      const { ranges, meanSquares } = calibration;
      const refineInput = { floatFile, guardedDb: check.guardedDb, guarded: guarded.guarded, plan: main.plan, types, exclusions, ranges, meanSquares, inputMeans: means, settings, inputName: plan.inputName, entries: plan.images.entries, spec: plan.spec, workDir: r.workDir, ctx: r.ctx };
      refined = await refineGuard(refineInput);
      const first = calibration.firstInput;
      if (o.measureSpeed && first !== null) {
        r.ctx.progress('timing the channel guard', 0, 1);
        let kept = files[0];
        if (refined?.chosen) {
          kept = join(r.workDir, 'guard-check-kept.onnx');
          scratch.push(kept);
          await writeModel(refined.chosen.model, kept);
        }
        const input = { name: plan.inputName, dtype: plan.spec.dtype, tensor: first, description: 'the first calibration image' };
        const keptDb = refined?.keptDb ?? check.guardedDb;
        const islands = refined?.islands ?? guardGroups(main.plan, guarded.guarded);
        if (islands.length > 1 && islands.length <= MAX_GUARD_GROUPS) single = await priceIslands({ ...refineInput, islands, wholeFile: kept, wholeGainDb: keptDb - check.unguardedDb, unguardedFile: files[1], unguardedDb: check.unguardedDb, timing: input });
        else price = await priceGuard(floatFile, kept, files[1], input, check.unguardedDb, keptDb);
      }
    }
  } finally {
    await Promise.all(scratch.flatMap((f) => [rm(f, { force: true }), rm(`${f}.data`, { force: true })]));
  }
  const verdict = check.keep
    ? 'kept'
    : `dropped: it cost ${lost} integer kernel(s) for ${check.unguardedDb >= GUARD_ENOUGH_DB ? `outputs already within ${GUARD_ENOUGH_DB} dB of float32 without it` : `less than ${GUARD_GAIN_DB} dB`}`;
  const sentences = [refined?.note, price?.sentence, single?.sentence].filter((n): n is string => n !== undefined).map((n) => ` ${n.charAt(0).toUpperCase()}${n.slice(1)}`);
  const guardNote = `Channel guard (${settings.minChannelSqnrDb} dB) would keep ${guarded.guarded.length} tensor(s) float32; checked on ${check.images} calibration image(s) against the float model's outputs (ONNX Runtime level 'all'): SQNR ${check.guardedDb.toFixed(1)} dB with it, ${check.unguardedDb.toFixed(1)} dB without — ${verdict}.${sentences.join('')}`;
  if (single?.choice.kind === 'island') {
    r.model.proto.graph = single.choice.model.proto.graph;
    return { chosen: single.choice.quantized, guardNote };
  }
  if ((price !== null && !price.worth) || single?.choice.kind === 'none') {
    r.model.proto.graph = twin.graph;
    return { chosen: withoutGuard, guardNote };
  }
  if (refined?.chosen) {
    r.model.proto.graph = refined.chosen.model.proto.graph;
    return { chosen: refined.chosen.quantized, guardNote };
  }
  if (check.keep) return { chosen: withGuard, guardNote };
  r.model.proto.graph = twin.graph;
  return { chosen: withoutGuard, guardNote };
}

/** Keeps the chosen file's bias correction only if its outputs are no further from float32 with it (qdq/bias-check.ts). */
async function biasCorrectionNote(r: RecipeContext, chosen: QuantizedGraph, plan: CalibrationPlan, floatFile: string): Promise<string | null> {
  const { biasSwaps, biasNote } = chosen.result;
  if (biasNote === null || biasSwaps.length === 0) return null;
  r.ctx.progress('checking the bias correction', 0, 1);
  const check = await checkBiasCorrection(floatFile, r.model, biasSwaps, plan.inputName, plan.images.entries, plan.spec, r.workDir);
  const verdict = check.keep ? 'kept' : 'dropped: the biases stay as they were';
  return `${biasNote}, checked on ${check.images} calibration image(s) against the float model's outputs (the file's exact QDQ arithmetic, ONNX Runtime level 'disabled'): SQNR ${check.correctedDb.toFixed(1)} dB with it, ${check.plainDb.toFixed(1)} dB without — ${verdict}. --no-bias-correction turns it off.`;
}

/**
 * Calibrates, equalizes and quantizes `r.model` in place: the channel guard and the bias correction are each checked
 * against the float model's outputs on the first calibration images.
 */
async function quantizeWithChecks(
  r: RecipeContext,
  types: TensorTypes,
  plan: CalibrationPlan,
  settings: QdqSettings,
): Promise<{ chosen: QuantizedGraph; calibration: CalibrationResult; notes: string[] }> {
  const o = r.options;
  const exclusions = { excludeNodes: new Set(o.excludeNodes), excludeOps: new Set(o.excludeOps) };
  const planned = planGraph(r.model.proto, r.model, types, exclusions);
  const calibrated = await (r.calibrationSource ?? calibrate)(
    r.model,
    plan.inputName,
    [...planned.plan.observe.keys()],
    plan.images,
    plan.spec,
    { method: o.calibMethod, percentile: o.percentile, threads: null },
    r.workDir,
    r.ctx,
    planned.plan.observe,
  );
  // The float model the checks compare against, as it is before quantization (equalized: the same function).
  const floatFile = join(r.workDir, 'check-float.onnx');
  const scratch = [floatFile];
  try {
    const eq = await equalizeChecked({ model: r.model, options: o, planned, calibrated, types, exclusions, settings, inputName: plan.inputName, entries: plan.images.entries, spec: plan.spec, workDir: r.workDir, ctx: r.ctx, floatFile });
    if (eq.unguarded !== null) scratch.push(eq.unguarded.file);
    const { main, calibration } = eq;
    const means = o.biasCorrection ? calibration.channelMeans : null;
    if (!eq.floatWritten && (means !== null || (settings.minChannelSqnrDb !== null && o.channelGuardCheck))) await writeModel(r.model.proto, floatFile, { sourceDir: r.model.dir });
    const { chosen, guardNote } = await quantizeWithGuardCheck(r, types, plan, settings, main, calibration, means, floatFile, eq.unguarded);
    const biasNote = await biasCorrectionNote(r, chosen, plan, floatFile);
    const notes = [eq.note, ...chosen.result.notes, guardNote, biasNote].filter((n): n is string => n !== null);
    return { chosen, calibration, notes };
  } finally {
    await Promise.all(scratch.flatMap((f) => [rm(f, { force: true }), rm(`${f}.data`, { force: true })]));
  }
}

async function int8StaticRecipe(r: RecipeContext): Promise<RecipeOutcome> {
  const o = r.options;
  const calibrationPlan = r.calibration ?? (await planCalibration(r.model, o));
  const { inputName, spec, images } = calibrationPlan;
  const path = chooseInt8Path(readCpuInfo().flags, o.reduceRange, o.weightType);
  const upgraded = await upgradeForInt8(r);
  const notes = upgraded.notes;
  const rewrites = integerFriendlyRewrites(new GraphEdit(r.model.proto.graph!), r.model);
  const types = rewrites.length > 0 ? await probeTensorTypes(r.model, r.workDir) : upgraded.types;
  const settings: QdqSettings = {
    minChannelSqnrDb: o.channelSqnrFloorDb > 0 ? o.channelSqnrFloorDb : null,
    perChannel: o.perChannel,
    reduceRange: path.reduceRange,
    activationType: o.activationType,
    weightType: o.weightType,
  };
  const { chosen, calibration, notes: quantizeNotes } = await quantizeWithChecks(r, types, calibrationPlan, settings);
  const { selection, plan, result } = chosen;
  notes.push(`Weights: ${path.reason}.`);
  notes.push(...rewrites);
  notes.push(
    `QDQ format (${o.perChannel ? 'per-channel' : 'per-tensor'} ${o.weightType} weights, ${o.activationType} activations, int32 biases): every operator ONNX Runtime has an integer kernel for is quantized by default, pass-through operators keep their input's scale, network outputs stay float32. ONNX Runtime fuses the QDQ groups into integer kernels at optimization level 'extended' or 'all'.`,
  );
  if (o.alsoQuantize.length > 0) notes.push(`--also-quantize ${o.alsoQuantize.join(',')} is no longer needed: these operators are quantized by default (keep some float with --exclude-ops).`);
  const subset = images.entries.length < images.available ? ` (a seeded random subset of ${images.available})` : '';
  notes.push(`Calibrated with ${o.calibMethod}${o.calibMethod === 'percentile' ? ` ${o.percentile}` : ''} on ${calibration.images} image(s) from ${images.dir}${subset}.`);
  if (calibration.skipped.length > 0) notes.push(`${calibration.skipped.length} calibration image(s) could not be decoded and were skipped (e.g. ${calibration.skipped[0]!.path}: ${calibration.skipped[0]!.reason}).`);
  notes.push(...quantizeNotes);
  const first = calibration.firstInput;
  return {
    options: {
      ...int8Options(o, path),
      format: 'QDQ',
      activationType: o.activationType,
      calib: images.dir,
      calibMethod: o.calibMethod,
      calibSize: o.calibSize,
      seed: o.seed,
      channelSqnrFloorDb: o.channelSqnrFloorDb,
      channelGuardCheck: o.channelGuardCheck,
      equalize: o.equalize,
      biasCorrection: o.biasCorrection,
      alsoQuantize: o.alsoQuantize,
      ...(o.calibMethod === 'percentile' ? { percentile: o.percentile } : {}),
      preprocess: spec,
    },
    quantized: result.quantized,
    excluded: [...selection.excluded, ...plan.excluded, ...result.excluded],
    calibration: {
      method: o.calibMethod,
      images: calibration.images,
      seed: o.seed,
      dir: images.dir,
      skipped: images.skipped.length + calibration.skipped.length,
      skippedFiles: [...images.skipped, ...calibration.skipped].slice(0, MAX_SKIPPED_LISTED),
    },
    int8Path: path,
    notes,
    floatReasons: result.floatReasons,
    timingInput: first === null ? null : { name: inputName, dtype: spec.dtype, tensor: first, description: 'the first calibration image' },
  };
}

/** Applies one precision recipe to the prepared model in place. */
export async function applyPrecisionRecipe(recipe: PrecisionRecipe, r: RecipeContext): Promise<RecipeOutcome> {
  switch (recipe) {
    case 'fp16': {
      r.ctx.progress('reading tensor types', 0, 1);
      const types = await probeTensorTypes(r.model, r.workDir);
      r.ctx.progress('converting to float16', 0, 1);
      return fp16Recipe(r, types);
    }
    case 'fp16-weights':
      return fp16WeightsRecipe(r);
    case 'int8-dynamic':
      return int8DynamicRecipe(r);
    case 'int8-static':
      return int8StaticRecipe(r);
  }
}
