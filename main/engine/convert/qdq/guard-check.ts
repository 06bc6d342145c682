/**
 * Whether the channel guard earns its keep on a model: the guarded and the unguarded variant run next to the float
 * model on the first calibration images (ONNX Runtime level 'all', this CPU), and the guard stays only when it
 * raises the network outputs' signal-to-error ratio against float32 by at least GUARD_GAIN_DB while the unguarded
 * variant is below GUARD_ENOUGH_DB (an error under 0.1 % of the signal, which no task metric notices). Per-channel
 * statistics cannot tell a crushed channel that matters downstream from one that does not (a near-dead channel
 * after BatchNormalization folding): on the PaddleOCR detector the guard is worth 0.14 IoU, on an ImageNet
 * MobileNetV2 it keeps 18 convolutions in float32 for no accuracy at all.
 */
import type { PreprocessSpec } from '../../../../shared/preprocess.js';
import { toTensor } from '../../images/index.js';
import { createCpuSession, type CpuSession } from '../../infer/index.js';
import type { ImageEntry } from '../../images/index.js';
import type { JobContext } from '../../jobs/context.js';
import { streamImages } from '../../images/image-stream.js';

/**
 * Least gain in output SQNR (dB) that keeps the guard's float32 tensors. Each float island costs a QuantizeLinear/
 * DequantizeLinear round trip and its integer kernels: on an ImageNet MobileNetV2 (AMD EPYC, 7-bit weights) a guard
 * worth 1.1 dB on the calibration images made the file 0.90× the original's latency instead of 0.71×, for no top-1
 * agreement on 200 validation photos (88.5% with it, 89.5% without). Where the guard matters it is worth far more:
 * 10 dB on the PaddleOCR detector, 2.2 dB on YOLOX-nano (mAP@0.5 against fp32's boxes 0.68 with it).
 */
export const GUARD_GAIN_DB = 2;
/** Output SQNR (dB) above which the unguarded variant is close enough to float32 whatever the gain. */
export const GUARD_ENOUGH_DB = 30;
/** Output error power as a percentage of the outputs' power, at `db` of output SQNR. */
export function errorPercent(db: number): number {
  return 100 * 10 ** (-db / 10);
}

/**
 * Points of output error (percent of the outputs' power) the guard's float32 islands must remove for each 10% of
 * latency they add on this CPU, measured against the fully integer file (interleaved runs on the first calibration
 * image, level 'all'). Counted in error power, not in dB, a gain is worth what it changes: 3 dB from 8.6 dB removes
 * 7 points of error, 3 dB from 20 dB removes half a point. Where ONNX Runtime's int8 kernels are fast a float island
 * costs far more than on AVX2 alone. On an AMD EPYC with AVX-512 VNNI (2 threads):
 * - PaddleOCR detector: its islands took the outputs from 8.6 to 16.1 dB (error 13.8% → 2.5%, IoU@0.3 0.87 → 0.96)
 *   for +38%: kept;
 * - YOLOX-nano: 7.7 → 10.0 dB (17.0% → 10.0%, mAP@.5:.95 against fp32's boxes 0.75 → 0.85) for +15%: kept;
 * - ImageNet MobileNetV2: 19.6 → 21.9 dB (1.10% → 0.65%, top-1 agreement +0.7 pp) for +13%: dropped.
 * A user who wants the accuracy at any price asks for it with --target.
 */
export const GUARD_POINTS_PER_TENTH = 1;
/**
 * Slowdowns under this are within the noise of the guard's timing (two copies of one file, timed in balanced turns,
 * differ by up to 5%): the guard is not charged for them.
 */
export const GUARD_FREE_SLOWDOWN = 1.05;

/**
 * What float islands that take the outputs from `withoutDb` to `withDb` of SQNR are worth, in points of output error
 * removed, once their price for making the file `slowdown`× slower on this CPU is paid (GUARD_POINTS_PER_TENTH per
 * 10%; free under GUARD_FREE_SLOWDOWN).
 */
export function guardNet(withoutDb: number, withDb: number, slowdown: number): number {
  const gain = errorPercent(withoutDb) - errorPercent(withDb);
  return slowdown < GUARD_FREE_SLOWDOWN ? gain : gain - GUARD_POINTS_PER_TENTH * Math.max(0, slowdown - 1) * 10;
}

/** Whether islands that take the outputs from `withoutDb` to `withDb` are worth making the file `slowdown`× slower. */
export function guardWorthItsPrice(withoutDb: number, withDb: number, slowdown: number): boolean {
  // The rounding slack keeps an exact tie on the paying side.
  return guardNet(withoutDb, withDb, slowdown) >= -1e-9;
}

/** "error 13.8% → 2.45%": the outputs' error power, as a share of theirs, without and with the islands. */
export function errorChange(withoutDb: number, withDb: number): string {
  return `error ${errorPercent(withoutDb).toPrecision(3)}% → ${errorPercent(withDb).toPrecision(3)}%`;
}

/** Calibration images the check runs on. */
export const GUARD_CHECK_IMAGES = 8;
/** A group of guarded tensors (one float island) stays float32 only if quantizing it alone costs this much output SQNR (dB). */
export const GUARD_GROUP_DB = 0.25;
/**
 * Most groups weighed one by one (each costs a quantized copy of the model and a pass over the check images). The
 * PaddleOCR detector's guard makes 18: weighed, 3 stay float32 (16.2 dB against 16.4 with the whole guard, IoU@0.3
 * 0.960) and the file goes from 101 to 148 integer kernels and from 0.90× to 0.81× fp32's latency (AVX-512 VNNI), for
 * about 20 s more conversion.
 */
export const MAX_GUARD_GROUPS = 24;

/** What every output check of a conversion runs on: the calibration images, their input and a scratch folder. */
export interface CheckRun {
  inputName: string;
  entries: readonly ImageEntry[];
  spec: PreprocessSpec;
  workDir: string;
  ctx: JobContext;
}

export interface GuardCheck {
  /** Output SQNR against float32, in dB, of the variant with and without the guard. */
  guardedDb: number;
  unguardedDb: number;
  images: number;
  keep: boolean;
}

/**
 * SQNR in dB of each candidate's float32 outputs against the reference's, over the given images. All run at `level`:
 * 'all' for this CPU's integer kernels, 'disabled' for each file's exact QDQ arithmetic.
 */
export async function outputSqnrs(
  reference: string,
  candidates: readonly string[],
  inputName: string,
  entries: readonly ImageEntry[],
  spec: PreprocessSpec,
  level: 'all' | 'disabled' = 'all',
): Promise<{ db: number[]; images: number }> {
  const open = (file: string): Promise<CpuSession> => createCpuSession(file, { intraOpThreads: 0, optimizationLevel: level, spinning: false, quiet: true, describedAs: 'the guard-check copy of' });
  const sessions = [await open(reference), ...(await Promise.all(candidates.map(open)))];
  const signal = new Float64Array(candidates.length);
  const noise = new Float64Array(candidates.length);
  let images = 0;
  try {
    for await (const prepared of streamImages(entries, spec)) {
      if (!prepared.ok) continue;
      const t = toTensor(prepared.image, spec);
      const feed = { [inputName]: { dtype: spec.dtype, data: t.data, dims: t.dims } };
      const [ref, ...outs] = await Promise.all(sessions.map((s) => s.run(feed)));
      outs.forEach((out, k) => {
        for (const [name, r] of Object.entries(ref!)) {
          const c = out[name];
          if (!(r.data instanceof Float32Array) || !(c?.data instanceof Float32Array)) continue;
          for (let i = 0; i < r.data.length; i++) {
            const v = r.data[i]!;
            const e = v - c.data[i]!;
            if (Number.isFinite(e)) {
              signal[k] = signal[k]! + v * v;
              noise[k] = noise[k]! + e * e;
            }
          }
        }
      });
      images++;
    }
  } finally {
    await Promise.all(sessions.map((s) => s.release()));
  }
  return { db: [...signal].map((s, k) => (noise[k]! > 0 ? 10 * Math.log10(s / noise[k]!) : Infinity)), images };
}

/**
 * Runs both variants against the float model and says whether the guard is worth its float32 tensors; `unguardedDb`,
 * when the unguarded variant was already measured on the same images, spares running it again.
 */
export async function checkGuard(floatModel: string, guarded: string, unguarded: string, inputName: string, entries: readonly ImageEntry[], spec: PreprocessSpec, measuredUnguardedDb?: number): Promise<GuardCheck> {
  const files = measuredUnguardedDb === undefined ? [guarded, unguarded] : [guarded];
  const { db, images } = await outputSqnrs(floatModel, files, inputName, entries.slice(0, GUARD_CHECK_IMAGES), spec);
  const [guardedDb, unguardedDb = measuredUnguardedDb!] = db as [number, number?];
  return { guardedDb, unguardedDb, images, keep: images === 0 || (guardedDb - unguardedDb >= GUARD_GAIN_DB && unguardedDb < GUARD_ENOUGH_DB) };
}
