import { z } from 'zod';
import { PartialPreprocessSpecSchema } from '../../preprocess.js';
import { ConversionManifestSchema } from '../../report/conversion-manifest.js';
import { SearchRequestSchema } from './convert-search.js';

/**
 * The conversion recipes. `optimized`: ONNX Runtime graph optimizations saved as a portable file; `fp16`: weights
 * and compute in float16 with float32 I/O; `fp16-weights`: float16 storage, float32 compute; `int8-dynamic`: int8
 * MatMul/Gemm weights with activations quantized at run time; `int8-static`: calibrated QDQ int8.
 */
export const RECIPES = ['optimized', 'fp16', 'fp16-weights', 'int8-dynamic', 'int8-static'] as const;
export const RecipeSchema = z.enum(RECIPES);
export type Recipe = z.infer<typeof RecipeSchema>;

/** How int8-static turns observed activations into ranges: MinMax, Percentile (99.999) or Entropy (KL). */
export const CALIBRATION_METHODS = ['minmax', 'percentile', 'entropy'] as const;
export const CalibrationMethodSchema = z.enum(CALIBRATION_METHODS);
export type CalibrationMethod = z.infer<typeof CalibrationMethodSchema>;

/** Weightless operators `--also-quantize` names (kept for compatibility: int8-static quantizes them by default). */
export const ACTIVATION_QDQ_OPS = ['Add', 'Mul', 'GlobalAveragePool', 'AveragePool', 'Sigmoid', 'Concat'] as const;

/** Default cap on calibration images: a seeded random subset when the folder holds more. */
export const DEFAULT_CALIBRATION_SIZE = 500;

/** Every option a recipe can take (each recipe reads the ones it needs; the manifest records those). */
export const ConversionOptionsSchema = z.object({
  /** Allow graph optimizations that tie the file to this CPU (ORT level 'all'; recipe `optimized`). */
  hardwareSpecific: z.boolean().default(false),
  /** Folder of calibration images (int8-static). */
  calib: z.string().min(1).nullable().default(null),
  calibMethod: CalibrationMethodSchema.default('minmax'),
  /** At most this many calibration images (a seeded random subset of the folder). */
  calibSize: z.number().int().positive().default(DEFAULT_CALIBRATION_SIZE),
  /** Seed of the calibration subset. */
  seed: z.number().int().min(0).default(0),
  /** Percentile kept by the percentile method. */
  percentile: z.number().gt(50).lte(100).default(99.999),
  /** Per-channel weight scales (default) rather than one scale per tensor. */
  perChannel: z.boolean().default(true),
  /** 7-bit weights; null = decided from the CPU's flags (on without an 8-bit dot-product instruction). */
  reduceRange: z.boolean().nullable().default(null),
  activationType: z.enum(['uint8', 'int8']).default('uint8'),
  weightType: z.enum(['int8', 'uint8']).default('int8'),
  /**
   * int8-static: least signal-to-quantization-noise ratio (dB) of an activation's weakest channel under one int8
   * scale; activations below it stay float32 (their node keeps int8 weights). 0 turns the check off.
   */
  channelSqnrFloorDb: z.number().min(0).max(60).default(12),
  /**
   * int8-static: when the channel guard keeps tensors float32, build the variant with and without it and keep the
   * guard only if it raises the network outputs' SQNR against float32 by ≥ 2 dB on the calibration images.
   */
  channelGuardCheck: z.boolean().default(true),
  /**
   * int8-static with per-channel weights: rescale the channels of each Conv → Relu/ReLU6 → Conv chain so that they
   * share one uint8 scale evenly (the same function in float32; qdq/channel-equalization.ts), kept only if it brings
   * the network outputs at least 1 dB closer to float32 on the calibration images (equalize-checked.ts).
   */
  equalize: z.boolean().default(true),
  /**
   * int8-static: subtract from each Conv/Gemm bias the mean shift that rounding its weights to int8 causes, computed
   * from the calibration's channel means (qdq/bias-correction.ts).
   */
  biasCorrection: z.boolean().default(true),
  /**
   * int8-static: accepted for compatibility and recorded in the manifest; these operators (and every other one
   * ONNX Runtime has integer kernels for) are quantized by default — exclude some with excludeOps.
   */
  alsoQuantize: z.array(z.enum(ACTIVATION_QDQ_OPS)).default([]),
  /** Node names kept in float. */
  excludeNodes: z.array(z.string().min(1)).default([]),
  /** Operator types kept in float. */
  excludeOps: z.array(z.string().min(1)).default([]),
  /** Preprocessing of calibration (and timing) images; fields missing are taken from the model's input. */
  preprocess: PartialPreprocessSpecSchema.nullable().default(null),
  /** Time the variant against the original on this CPU at the end of the conversion (a few interleaved runs). */
  measureSpeed: z.boolean().default(true),
});
export type ConversionOptions = z.output<typeof ConversionOptionsSchema>;

export const ConvertParamsSchema = ConversionOptionsSchema.extend({
  model: z.string().min(1),
  recipe: RecipeSchema,
  /** Output path; the manifest is written next to it as <name>.manifest.json. */
  output: z.string().min(1),
  /** int8-static: search candidates for the fastest one meeting this target on this CPU (`--target`). */
  search: SearchRequestSchema.nullable().default(null),
});
export type ConvertParams = z.input<typeof ConvertParamsSchema>;

export const ConvertResultSchema = z.object({
  output: z.string(),
  manifestPath: z.string(),
  manifest: ConversionManifestSchema,
});
export type ConvertResult = z.infer<typeof ConvertResultSchema>;

export const ConvertJob = { params: ConvertParamsSchema, result: ConvertResultSchema } as const;
