/**
 * Whether bias correction (qdq/bias-correction.ts) earns its place on a model: the quantized file is written with
 * the corrected and with the uncorrected biases, both run next to the float model on the first calibration images,
 * and the correction stays unless the network's outputs are closer to float32 without it. The graph is left holding
 * the biases chosen. The two files run in their exact QDQ arithmetic (ONNX Runtime level 'disabled'), which integer
 * kernels reproduce with 7-bit weights or an int8 dot product (VNNI, AMX): with 8-bit weights on a CPU with AVX2
 * only, the kernels' int16 saturation would hide the correction (a model built to need it: 54 dB of output SQNR
 * with it, 36 dB without in exact arithmetic; 26.7 against 27.7 dB on AVX2 kernels).
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { PreprocessSpec } from '../../../../shared/preprocess.js';
import type { ImageEntry } from '../../images/index.js';
import { writeModel, type LoadedModel } from '../../onnx/index.js';
import { useBiases, type BiasSwap } from './bias-correction.js';
import { GUARD_CHECK_IMAGES, outputSqnrs } from './guard-check.js';

export interface BiasCheck {
  /** Output SQNR against float32, in dB, with and without the correction. */
  correctedDb: number;
  plainDb: number;
  images: number;
  keep: boolean;
}

/** Checks the correction of `swaps` in `model` against `floatFile` (see the file comment). */
export async function checkBiasCorrection(
  floatFile: string,
  model: LoadedModel,
  swaps: readonly BiasSwap[],
  inputName: string,
  entries: readonly ImageEntry[],
  spec: PreprocessSpec,
  workDir: string,
): Promise<BiasCheck> {
  const graph = model.proto.graph!;
  const files = [join(workDir, 'bias-check-corrected.onnx'), join(workDir, 'bias-check-plain.onnx')];
  try {
    await writeModel(model.proto, files[0]!, { sourceDir: model.dir });
    useBiases(graph, swaps, 'plain');
    await writeModel(model.proto, files[1]!, { sourceDir: model.dir });
    const { db, images } = await outputSqnrs(floatFile, files, inputName, entries.slice(0, GUARD_CHECK_IMAGES), spec, 'disabled');
    const [correctedDb, plainDb] = db as [number, number];
    const keep = images === 0 || !(plainDb > correctedDb);
    useBiases(graph, swaps, keep ? 'corrected' : 'plain');
    return { correctedDb, plainDb, images, keep };
  } catch (error) {
    useBiases(graph, swaps, 'corrected');
    throw error;
  } finally {
    await Promise.all(files.flatMap((f) => [rm(f, { force: true }), rm(`${f}.data`, { force: true })]));
  }
}
