import { z } from 'zod';
import { PartialPreprocessSpecSchema, PreprocessSpecSchema } from '../../preprocess.js';
import { ConversionOptionsSchema, RecipeSchema } from './convert.js';
import { GateCriterionSchema, GateSchema, SkippedImageSchema, ToleranceSchema } from '../../report/report.js';
import { SummaryMetricsSchema } from '../../report/metrics.js';
import { DEFAULT_PERTURBATION_SEED, PerturbationNameSchema, PerturbationSeedSchema, SEVERITIES, SeveritySchema } from '../../perturbations/index.js';
import { RobustnessHeadlineSchema } from '../../report/robustness-section.js';
import { EndpointOptionsSchema } from '../../serving.js';
import { ServingRunSchema } from '../../report/serving-run.js';

/** Bound of the disk cache of perturbed images when neither the job nor PARITY_PERTURB_CACHE_MB sets one. */
export const DEFAULT_PERTURB_CACHE_MB = 256;

/** A recipe and its options, for a candidate converted from the reference on the fly. */
export const CandidateRecipeSchema = ConversionOptionsSchema.partial().extend({ recipe: RecipeSchema });
export type CandidateRecipe = z.infer<typeof CandidateRecipeSchema>;

/** Thumbnails a run stores by default: as many as the app's "Most disagreeing" gallery shows. */
export const STORED_THUMBNAILS = 48;

/** Parallel clients of the serving pass are bounded: each keeps one image's tensor in memory. */
export const MAX_CONCURRENCY = 256;

const endpointUrl = z.string().regex(/^https?:\/\//i, 'an http:// or https:// URL');

export const CompareParamsSchema = z.object({
  /** The reference model file; '' when referenceOutputs or referenceUrl stands in for it. */
  reference: z.string().default(''),
  /** Outputs another framework saved for each image (a folder of .npy/.npz per image, or one .npz) instead of a model. */
  referenceOutputs: z.string().nullable().default(null),
  /** A KServe v2 (…/v2/models/<name>) or TF Serving REST (…/v1/models/<name>) endpoint as the reference. */
  referenceUrl: endpointUrl.nullable().default(null),
  /** The candidate model file; '' when candidateRecipe asks for the reference converted on the fly. */
  candidate: z.string().default(''),
  /** Convert the reference with this recipe (cached by source hash + recipe + options) and compare with that. */
  candidateRecipe: CandidateRecipeSchema.nullable().default(null),
  /** A serving endpoint as the candidate. */
  candidateUrl: endpointUrl.nullable().default(null),
  /** How endpoints are reached: timeouts, retries, TLS, the auth header's environment variable, the wire format. */
  endpoint: EndpointOptionsSchema.default(EndpointOptionsSchema.parse({})),
  /**
   * The serving pass: every image served again by each side with this many parallel clients per level (e.g. [1, 8]),
   * timed side by side; null: [1] when a side is an endpoint, else no serving pass; []: none.
   */
  concurrency: z.array(z.number().int().min(1).max(MAX_CONCURRENCY)).nullable().default(null),
  images: z.string().min(1),
  labels: z.string().nullable().default(null),
  /** A CTC recogniser's charset file (one symbol per line, class i + 1), to compare the decoded text; null: positions and symbol ids only. */
  charset: z.string().nullable().default(null),
  /** Fields given by the user; the rest are derived from the reference model's input. */
  preprocess: PartialPreprocessSpecSchema.nullable().default(null),
  threshold: z.number().min(0).max(1).default(0.5),
  /** Intra-op threads per session; null means all cores. */
  threads: z.number().int().positive().nullable().default(null),
  topK: z.number().int().min(1).max(100).default(5),
  tolerance: ToleranceSchema.default({ atol: 1e-5, rtol: 1e-5 }),
  /** Per-output tolerances overriding `tolerance`. */
  outputTolerances: z.record(z.string(), ToleranceSchema).default({}),
  gate: z.array(GateCriterionSchema).default([]),
  /** Perturbations each image is also compared under (catalog names, in the order given); empty: clean only. */
  perturb: z.array(PerturbationNameSchema).default([]),
  /** Severities of every perturbation (1–5). */
  severities: z.array(SeveritySchema).min(1).default([...SEVERITIES]),
  /** Seed of the perturbations' randomness. */
  seed: PerturbationSeedSchema.default(DEFAULT_PERTURBATION_SEED),
  /** Bound of the disk cache of perturbed images in MB; null: PARITY_PERTURB_CACHE_MB or DEFAULT_PERTURB_CACHE_MB; 0: no cache. */
  perturbCacheMb: z.number().min(0).nullable().default(null),
  /** Folder that receives report.json, report.html, report.csv and assets. */
  runDir: z.string().min(1),
  /**
   * Continue an interrupted run in runDir from its checkpoint (the parameters must be the run's own, as saved in
   * its params.json); without a usable checkpoint the run starts over.
   */
  resume: z.boolean().default(false),
  /** Extra copies the user asked for (CLI --json/--report/--csv), written atomically. */
  copies: z
    .object({ json: z.string().optional(), html: z.string().optional(), csv: z.string().optional() })
    .default({}),
  /**
   * Number of most-disagreeing images whose thumbnails the run stores: the app's "Most disagreeing" gallery shows
   * them without a preview job each; the HTML report embeds the first 12.
   */
  galleryCount: z.number().int().min(0).max(200).default(STORED_THUMBNAILS),
  maxImages: z.number().int().positive().nullable().default(null),
  /** Benchmark both models on (up to 32 of) the compared images for the report's performance section. */
  bench: z.boolean().default(true),
  /** Interleaved timed runs per model for that section. */
  benchRuns: z.number().int().positive().max(100_000).default(20),
});
export type CompareParams = z.input<typeof CompareParamsSchema>;
export type CompareOptions = z.output<typeof CompareParamsSchema>;

export const CompareResultSchema = z.object({
  runDir: z.string(),
  files: z.object({ json: z.string(), html: z.string(), csv: z.string() }),
  summary: SummaryMetricsSchema,
  gate: GateSchema,
  images: z.object({ count: z.number().int(), skipped: z.array(SkippedImageSchema) }),
  preprocess: PreprocessSpecSchema,
  /** Present when the comparison ran perturbations. */
  robustness: RobustnessHeadlineSchema.optional(),
  /** The performance section's headline ("candidate is X% faster, Y× smaller, …"); absent with bench: false. */
  performance: z.string().optional(),
  /** The serving pass (time to serve the images per side and level, and the ratio), when there was one. */
  serving: ServingRunSchema.optional(),
});
export type CompareResult = z.infer<typeof CompareResultSchema>;

export const CompareJob = { params: CompareParamsSchema, result: CompareResultSchema } as const;
