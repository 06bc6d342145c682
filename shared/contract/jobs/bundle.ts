/**
 * `parity bundle`: a deployable model whose input is the decoded image (uint8 [1, H, W, 3] RGB, any size) with the
 * preprocessing inside the graph, its manifest (spec, resize kernel chosen by measurement, checks) and programs
 * that run it in several languages.
 */
import { z } from 'zod';
import { PartialPreprocessSpecSchema, PreprocessSpecSchema } from '../../preprocess.js';
import { TensorSignatureSchema } from '../../model-info.js';

export const CODE_LANGUAGES = ['python', 'java', 'csharp', 'cpp', 'javascript'] as const;
export const CodeLanguageSchema = z.enum(CODE_LANGUAGES);
export type CodeLanguage = z.infer<typeof CodeLanguageSchema>;

/** The ONNX Resize settings a bundle may use, by the name --resize takes (main/engine/bundle/resize-kernels.ts). */
export const RESIZE_KERNEL_IDS = ['linear-antialias', 'linear', 'linear-pytorch', 'linear-asymmetric', 'linear-align-corners', 'cubic-antialias', 'cubic'] as const;

/** One way ONNX Resize can interpolate; `id` is what --resize takes and the manifest records. */
export const ResizeKernelSchema = z.object({
  id: z.enum(RESIZE_KERNEL_IDS),
  mode: z.enum(['linear', 'cubic']),
  coordinateTransformationMode: z.enum(['half_pixel', 'pytorch_half_pixel', 'asymmetric', 'align_corners']),
  antialias: z.boolean(),
  /** Cubic only: the kernel's a (−0.5 Catmull-Rom as Pillow and libvips, −0.75 as OpenCV and PyTorch). */
  cubicCoeffA: z.number().nullable(),
  /** Lowest default-domain opset that has this Resize (antialias needs 18). */
  minOpset: z.number().int(),
});
export type ResizeKernel = z.infer<typeof ResizeKernelSchema>;

export const BundleParamsSchema = z.object({
  model: z.string().min(1),
  output: z.string().min(1),
  preprocess: PartialPreprocessSpecSchema.nullable().default(null),
  /** Images for choosing the resize kernel and for the checks; null = seeded synthetic images (and the manifest says so). */
  images: z.string().min(1).nullable().default(null),
  maxImages: z.number().int().min(1).max(1024).default(16),
  /** A kernel id, or 'auto' to measure every candidate against Parity's own preprocessing and keep the closest. */
  resize: z.enum(['auto', ...RESIZE_KERNEL_IDS]).default('auto'),
  /** Post-processing tail on a classification output [N, C]: softmax, then the k best scores and their indices. */
  softmax: z.boolean().default(false),
  topK: z.number().int().min(1).max(1000).nullable().default(null),
  /** Labels file (one class name per line), stored in the model's metadata_props as class_names. */
  labels: z.string().min(1).nullable().default(null),
  /** Languages to write programs for, next to the bundle; [] writes none. */
  languages: z.array(CodeLanguageSchema).default([...CODE_LANGUAGES]),
  seed: z.number().int().min(0).default(1),
});
export type BundleParams = z.input<typeof BundleParamsSchema>;
export type BundleOptions = z.output<typeof BundleParamsSchema>;

export const ResizeCandidateSchema = z.object({
  kernel: ResizeKernelSchema,
  description: z.string(),
  /** Pixels (0–255, after rounding to uint8) of the in-graph resize against Parity's preprocessing over the images. */
  meanAbsDiff: z.number().nullable(),
  p99AbsDiff: z.number().nullable(),
  maxAbsDiff: z.number().nullable(),
  /** Why the candidate was not measured (e.g. the model's opset cannot be raised to what it needs). */
  skipped: z.string().nullable(),
});
export type ResizeCandidate = z.infer<typeof ResizeCandidateSchema>;

export const BundleOutputCheckSchema = z.object({
  name: z.string(),
  maxAbsDiff: z.number(),
  meanAbsDiff: z.number(),
  /** Share of images whose argmax over the last axis agrees; null when the output is not a class-score row. */
  top1Agreement: z.number().nullable(),
});

export const BundleImageCheckSchema = z.object({
  path: z.string(),
  width: z.number().int(),
  height: z.number().int(),
  /** Argmax of the first class-score output: the original model with Parity's preprocessing, and the bundle. */
  referenceTop1: z.number().int().nullable(),
  bundleTop1: z.number().int().nullable(),
  maxAbsDiff: z.number(),
});

export const BundleChecksSchema = z.object({
  source: z.enum(['images', 'synthetic']),
  root: z.string().nullable(),
  note: z.string(),
  outputs: z.array(BundleOutputCheckSchema),
  images: z.array(BundleImageCheckSchema),
  top1Agreement: z.number().nullable(),
});
export type BundleChecks = z.infer<typeof BundleChecksSchema>;

export const BundleManifestSchema = z.object({
  manifestVersion: z.literal(1),
  kind: z.literal('bundle'),
  createdAt: z.string(),
  source: z.object({ path: z.string(), sha256: z.string(), sizeBytes: z.number() }),
  output: z.object({ path: z.string(), sha256: z.string(), sizeBytes: z.number() }),
  spec: PreprocessSpecSchema,
  input: TensorSignatureSchema,
  originalInput: TensorSignatureSchema,
  outputs: z.array(TensorSignatureSchema),
  opset: z.object({ from: z.number().int(), to: z.number().int() }),
  resize: z.object({
    chosen: ResizeKernelSchema,
    description: z.string(),
    how: z.enum(['measured', 'given']),
    candidates: z.array(ResizeCandidateSchema),
    method: z.string(),
  }),
  postprocess: z.object({
    softmax: z.boolean(),
    topK: z.number().int().nullable(),
    scoresOutput: z.string().nullable(),
    classNames: z.number().int().nullable(),
  }),
  checks: BundleChecksSchema,
  code: z.array(z.object({ language: CodeLanguageSchema, dir: z.string(), run: z.string() })),
  ortVersion: z.string(),
  notes: z.array(z.string()),
});
export type BundleManifest = z.infer<typeof BundleManifestSchema>;

export const BundleResultSchema = z.object({
  output: z.string(),
  manifestPath: z.string(),
  codeDir: z.string().nullable(),
  manifest: BundleManifestSchema,
});
export type BundleResult = z.infer<typeof BundleResultSchema>;

export const BundleJob = { params: BundleParamsSchema, result: BundleResultSchema } as const;
