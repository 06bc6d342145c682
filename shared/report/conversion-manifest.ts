/** The manifest written next to every converted model (`<name>.manifest.json`). */
import { z } from 'zod';
import { TensorSignatureSchema } from '../model-info.js';
import { SearchSectionSchema } from './search-section.js';

export const FileDigestSchema = z.object({ path: z.string(), sha256: z.string(), sizeBytes: z.number().int() });

export const ConversionManifestSchema = z.object({
  manifestVersion: z.literal(1),
  recipe: z.string(),
  /** Every option that shaped the output, defaults included, so the conversion can be repeated. */
  options: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  source: FileDigestSchema,
  output: FileDigestSchema,
  /** output.sizeBytes / source.sizeBytes (external data included). */
  sizeRatio: z.number(),
  opsBefore: z.record(z.string(), z.number().int()),
  opsAfter: z.record(z.string(), z.number().int()),
  nodes: z.object({
    quantized: z.array(z.string()),
    excluded: z.array(z.object({ name: z.string(), reason: z.string() })),
  }),
  calibration: z
    .object({
      method: z.string(),
      images: z.number().int(),
      seed: z.number().int(),
      /** The calibration folder, and how many of its files could not be used. */
      dir: z.string().optional(),
      skipped: z.number().int().optional(),
      /** Those files (the first 200) with the reason each was skipped (not an image, unsupported format, …). */
      skippedFiles: z.array(z.object({ path: z.string(), reason: z.string() })).optional(),
    })
    .nullable(),
  ioMapping: z.object({
    inputs: z.array(z.object({ source: TensorSignatureSchema, output: TensorSignatureSchema })),
    outputs: z.array(z.object({ source: TensorSignatureSchema, output: TensorSignatureSchema })),
  }),
  ortVersion: z.string(),
  cpuFlags: z.array(z.string()),
  /** int8 recipes: whether weights use 7 bits (reduce_range) and why, from the CPU flags below. */
  int8Path: z.object({ reduceRange: z.boolean(), reason: z.string() }).optional(),
  /** A short interleaved timing of the variant against the source on the converting machine (null: not measured). */
  speed: z
    .object({
      /** Median source time / median variant time: above 1 the variant is faster. */
      speedup: z.number(),
      sourceMedianMs: z.number(),
      outputMedianMs: z.number(),
      runs: z.number().int(),
      threads: z.number().int(),
      /** What was fed: "first calibration image", "a mid-grey image at the preprocessing size", … */
      input: z.string(),
    })
    .nullable()
    .optional(),
  /**
   * int8-static: how ONNX Runtime runs the variant after its optimizations at level 'all' on the converting CPU —
   * integer kernels by type, and every float island (float operators between quantized ones) with why it stays.
   */
  fusion: z
    .object({
      integerKernels: z.record(z.string(), z.number().int()),
      floatOps: z.number().int(),
      floatIslands: z.array(z.object({ nodes: z.array(z.string()), ops: z.array(z.string()), reason: z.string() })),
    })
    .optional(),
  /** Plain statements about what the variant costs and gains on this CPU (e.g. "hardware-specific: …"). */
  notes: z.array(z.string()),
  /** Present when the variant was chosen by `--target` (every candidate tried, the choice and why). */
  search: SearchSectionSchema.optional(),
});
export type ConversionManifest = z.infer<typeof ConversionManifestSchema>;
