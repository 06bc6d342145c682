/**
 * One conversion from start to finish: the recipe writes the variant into a staging folder next to the output,
 * the file is checked (our structural check, ONNX Runtime loads it, outputs keep their shapes) and timed, then
 * moved into place, and the manifest is written last. A failure at any step leaves no output file behind.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ConversionOptions, ConvertResult, Recipe } from '../../../shared/contract/jobs/convert.js';
import { ParityError } from '../../../shared/errors.js';
import { makeTempDir, removeTemp } from '../io/temp-files.js';
import type { JobContext } from '../jobs/context.js';
import { checkModelStructure, readModel, writeModel } from '../onnx/index.js';
import { buildManifest, writeManifest } from './manifest.js';
import { convertOptimized } from './optimized.js';
import { applyPrecisionRecipe, planCalibration, type RecipeOutcome } from './precision-recipes.js';
import { prepareModel, prepareRecipeSource } from './prepare-model.js';
import { findFloatIslands, fusionNote, type FusionReport } from './qdq/fusion-check.js';
import { assertRecipeApplies } from './recipe-guards.js';
import { firstImageInput, greyInput } from './timing-input.js';
import type { CalibrationSource } from './calibration/calibrate.js';
import { speedNote, verifyVariant, type SpeedMeasurement } from './verify-variant.js';

/** Interleaved timed runs per model at the end of a conversion: at least 7, more for fast models (up to ~2 s). */
export const TIMING = { runs: 7, minTotalMs: 2000, maxRuns: 200 } as const;

export interface ConvertRequest extends ConversionOptions {
  model: string;
  recipe: Recipe;
  output: string;
  /**
   * Largest file written with all weights inline; above it the weights go to `<output>.data` (default: protobuf's
   * 2 GiB limit). Not a user option: tests lower it to exercise the external-data path with small models.
   */
  maxInlineBytes?: number;
  /** int8-static: reuse calibration statistics instead of a fresh pass (the search's candidates share them). */
  calibrationSource?: CalibrationSource;
}

async function recipeToStaging(request: ConvertRequest, staged: string, workDir: string, ctx: JobContext): Promise<RecipeOutcome> {
  const source = await prepareRecipeSource(request.model, workDir);
  const outcome = await recipeFromSource({ ...request, model: source.path }, staged, workDir, ctx);
  return { ...outcome, notes: [...source.notes, ...outcome.notes] };
}

async function recipeFromSource(request: ConvertRequest, staged: string, workDir: string, ctx: JobContext): Promise<RecipeOutcome> {
  if (request.recipe === 'optimized') {
    ctx.progress('optimizing graph', 0, 1);
    const result = await convertOptimized(request.model, staged, request.hardwareSpecific);
    const timingInput = greyInput(await readModel(request.model), request);
    const contrib = new Set((await readModel(staged, { checkStructure: false })).proto.graph?.node.filter((n) => n.domain === 'com.microsoft').map((n) => n.opType));
    const notes = [...result.notes];
    if (contrib.size > 0) {
      notes.push(`It uses ONNX Runtime contrib operators (${[...contrib].sort().join(', ')}): it loads in ONNX Runtime (any language, any CPU) but not in other ONNX runtimes.`);
    }
    return { options: result.options, quantized: [], excluded: [], calibration: null, notes, timingInput };
  }
  ctx.progress('preparing', 0, 1);
  const original = await readModel(request.model);
  assertRecipeApplies(request.recipe, original.proto);
  const calibration = request.recipe === 'int8-static' ? await planCalibration(original, request) : undefined;
  const prepared = await prepareModel(request.model, workDir, original);
  ctx.throwIfCancelled();
  const outcome = await applyPrecisionRecipe(request.recipe, {
    model: prepared.model,
    options: request,
    workDir,
    ctx,
    ...(calibration ? { calibration } : {}),
    ...(request.calibrationSource ? { calibrationSource: request.calibrationSource } : {}),
  });
  ctx.throwIfCancelled();
  ctx.progress('writing', 0, 1);
  await writeModel(prepared.model.proto, staged, {
    sourceDir: prepared.model.dir,
    ...(request.maxInlineBytes !== undefined ? { maxInlineBytes: request.maxInlineBytes } : {}),
  });
  const prep = prepared.preOptimized
    ? ["Prepared with ONNX Runtime's basic graph optimizations (constants folded, BatchNormalization folded into Conv), as onnxruntime.quantization.quant_pre_process does."]
    : [];
  return { ...outcome, options: { ...outcome.options, preOptimized: prepared.preOptimized }, notes: [...prep, ...prepared.notes, ...outcome.notes] };
}

/** Above this size the fusion check is skipped (ORT would have to write the optimized graph in one protobuf). */
const FUSION_CHECK_MAX_BYTES = 1024 ** 3;

async function stagedBytes(staged: string): Promise<number> {
  const sizes = await Promise.all([staged, `${staged}.data`].map((f) => fs.stat(f).then((s) => s.size, () => 0)));
  return sizes[0]! + sizes[1]!;
}

/** How ONNX Runtime runs the variant at level 'all' (see qdq/fusion-check.ts), from the graph it saved. */
async function checkFusion(optimizedModelPath: string, reasons: ReadonlyMap<string, string>): Promise<FusionReport> {
  const optimized = await readModel(optimizedModelPath, { checkStructure: false });
  return findFloatIslands(optimized.proto, reasons);
}

/** Our own structural check of the written file (every input produced, types consistent, opsets imported). */
async function assertStructure(file: string, recipe: Recipe): Promise<void> {
  const errors = checkModelStructure(await readModel(file, { checkStructure: false })).filter((i) => i.severity === 'error');
  if (errors.length > 0) {
    throw new ParityError('INTERNAL', `The ${recipe} conversion produced a broken graph: ${errors[0]!.message}`, 'Please report this with the model; nothing was written.');
  }
}

/** Moves the staged model (and its external data, if any) to `output`; a stale `<output>.data` is removed. */
export async function commit(staged: string, output: string): Promise<void> {
  const stagedData = `${staged}.data`;
  const hasData = await fs.access(stagedData).then(() => true, () => false);
  if (hasData) await fs.rename(stagedData, `${output}.data`);
  await fs.rename(staged, output);
  if (!hasData) await fs.rm(`${output}.data`, { force: true });
}

/** Converts `request.model` with its recipe and writes the variant and its manifest (see the file comment). */
export async function convertModel(request: ConvertRequest, ctx: JobContext): Promise<ConvertResult> {
  const source = path.resolve(request.model);
  const output = path.resolve(request.output);
  if (source === output) throw new ParityError('BAD_OPTION', 'The output path is the source model itself.', 'Choose another -o path.');
  const stat = await fs.stat(source).catch(() => null);
  if (!stat?.isFile()) throw new ParityError('BAD_OPTION', `Model not found: ${source}`, 'Check the path.');
  if (request.recipe === 'int8-static' && request.calib === null) {
    throw new ParityError('BAD_OPTION', 'int8-static needs calibration images: give a folder of them (--calib <dir>).', 'Use a few hundred images like the ones the model will see in use.');
  }
  if (request.hardwareSpecific && request.recipe !== 'optimized') {
    throw new ParityError('BAD_OPTION', '--hardware-specific applies to the optimized recipe only.', 'Leave it out, or use --recipe optimized.');
  }
  await fs.mkdir(path.dirname(output), { recursive: true });
  const staging = await makeTempDir('convert', path.dirname(output));
  const workDir = await makeTempDir('convert');
  const staged = path.join(staging, path.basename(output));
  let committed = false;
  try {
    const outcome = await recipeToStaging({ ...request, model: source }, staged, workDir, ctx);
    ctx.progress('checking', 0, 1);
    await assertStructure(staged, request.recipe);
    // ORT writes the optimized graph inline: only below protobuf's limit, with room to spare.
    const checkable = outcome.floatReasons !== undefined && (await stagedBytes(staged)) < FUSION_CHECK_MAX_BYTES;
    const optimizedModelPath = checkable ? path.join(workDir, 'variant.optimized.onnx') : undefined;
    // int8-static times on its first calibration image; the others on the first image of --calib when given.
    const timingInput = request.recipe !== 'int8-static' && request.calib ? ((await firstImageInput(source, request)) ?? outcome.timingInput) : outcome.timingInput;
    const speed: SpeedMeasurement | null = await verifyVariant(source, staged, timingInput, {
      ...TIMING,
      runs: request.measureSpeed ? TIMING.runs : 0,
      threads: null,
      ...(optimizedModelPath ? { optimizedModelPath } : {}),
    });
    ctx.throwIfCancelled();
    const notes = [...outcome.notes];
    const fusion = optimizedModelPath ? await checkFusion(optimizedModelPath, outcome.floatReasons!) : undefined;
    if (fusion) notes.push(fusionNote(fusion));
    if (speed !== null) notes.push(speedNote(speed));
    else if (request.measureSpeed) notes.push('Speed not measured at conversion: no input of known size (give --preprocess, or --calib for int8-static); the compare report measures it.');
    await commit(staged, output);
    committed = true;
    ctx.progress('writing manifest', 0, 1);
    const manifest = await buildManifest({
      recipe: request.recipe,
      // The preprocessing spec as given (calibration and timing images were made with it).
      options: { ...outcome.options, ...(request.preprocess ? { preprocess: request.preprocess } : {}) },
      sourcePath: source,
      outputPath: output,
      quantized: outcome.quantized,
      excluded: outcome.excluded,
      calibration: outcome.calibration,
      notes,
      ...(outcome.int8Path ? { int8Path: outcome.int8Path } : {}),
      ...(fusion ? { fusion } : {}),
      speed,
    });
    const manifestPath = await writeManifest(output, manifest);
    ctx.progress('writing manifest', 1, 1);
    return { output, manifestPath, manifest };
  } catch (error) {
    if (committed) {
      await fs.rm(output, { force: true });
      await fs.rm(`${output}.data`, { force: true });
    }
    throw error;
  } finally {
    await removeTemp(staging);
    await removeTemp(workDir);
  }
}
