import { z } from 'zod';
import { PartialPreprocessSpecSchema, PreprocessSpecSchema } from '../../preprocess.js';
import { PostprocessSpecSchema } from '../../postprocess.js';
import { ConversionOptionsSchema, RecipeSchema } from './convert.js';
import { GateCriterionSchema, GateSchema, SkippedImageSchema, ToleranceSchema } from '../../report/report.js';
import { SummaryMetricsSchema } from '../../report/metrics.js';
import { DEFAULT_PERTURBATION_SEED, PerturbationNameSchema, PerturbationSeedSchema, SEVERITIES, SeveritySchema } from '../../perturbations/index.js';
import { RobustnessHeadlineSchema } from '../../report/robustness-section.js';
import { EndpointOptionsSchema } from '../../serving.js';
import { ServingRunSchema } from '../../report/serving-run.js';
import { ShardNoteSchema, ShardSpecSchema } from '../../report/shards-section.js';

/** Bound of the disk cache of perturbed images when neither the job nor PARITY_PERTURB_CACHE_MB sets one. */
export const DEFAULT_PERTURB_CACHE_MB = 256;

/** A recipe and its options, for a candidate converted from the reference on the fly. */
export const CandidateRecipeSchema = ConversionOptionsSchema.partial().extend({ recipe: RecipeSchema });
export type CandidateRecipe = z.infer<typeof CandidateRecipeSchema>;

/** A candidate of a comparison: a model file, or the reference converted with a recipe (exactly one of the two). */
export const CandidateSourceSchema = z.object({
  /** The candidate model file; '' when candidateRecipe asks for the reference converted on the fly. */
  candidate: z.string().default(''),
  /** Convert the reference with this recipe (cached by source hash + recipe + options) and compare with that. */
  candidateRecipe: CandidateRecipeSchema.nullable().default(null),
});
export type CandidateSource = z.output<typeof CandidateSourceSchema>;
/** A candidate as a caller writes it (a spec's one-value mean or std not yet spread to every channel). */
export type CandidateSourceInput = z.input<typeof CandidateSourceSchema>;

/** Candidates one run compares side by side (the first one and the further ones together). */
export const MAX_CANDIDATES = 8;

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
  /** The (first) candidate model file; '' when candidateRecipe or candidateUrl stands in for it. */
  candidate: CandidateSourceSchema.shape.candidate,
  /** Convert the reference with this recipe (cached by source hash + recipe + options) and compare with that. */
  candidateRecipe: CandidateSourceSchema.shape.candidateRecipe,
  /**
   * Further candidates compared in the same run, on the same decoded images, each against the reference (whose
   * outputs are computed once per image); the report gains `candidates[]`. The first candidate is the one above.
   */
  moreCandidates: z.array(CandidateSourceSchema).max(MAX_CANDIDATES - 1).default([]),
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
  /** How a detector's outputs become boxes, scores and classes; null compares the outputs as tensors by their kind. */
  postprocess: PostprocessSpecSchema.nullable().default(null),
  /** Ground-truth boxes: a COCO JSON file, or a folder of YOLO txt files (one per image, by file name). */
  boxes: z.string().nullable().default(null),
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
  /** A quantized candidate's layerwise error (report `layers`, as `parity layers` computes it) on up to 32 images. */
  layers: z.boolean().default(true),
  /**
   * Compare only shard `index` of `count`: the images whose relative path hashes to `index` (stable when files are
   * added). The run folder then also holds shard.json, the state `parity merge` joins into the whole run's report.
   */
  shard: ShardSpecSchema.nullable().default(null),
});
export type CompareParams = z.input<typeof CompareParamsSchema>;
export type CompareOptions = z.output<typeof CompareParamsSchema>;

/** Every candidate of a comparison in order: the first (`candidate`/`candidateRecipe`), then `moreCandidates`. */
export function candidateSources(params: Pick<CompareOptions, 'candidate' | 'candidateRecipe' | 'moreCandidates'>): CandidateSource[] {
  return [{ candidate: params.candidate, candidateRecipe: params.candidateRecipe }, ...params.moreCandidates];
}

/** One candidate's part of a multi-candidate result. */
export const CandidateOutcomeSchema = z.object({
  /** The name the views give it: the recipe of a converted variant, else the file's name. */
  name: z.string(),
  path: z.string(),
  summary: SummaryMetricsSchema,
  gate: GateSchema,
  robustness: RobustnessHeadlineSchema.optional(),
  performance: z.string().optional(),
});
export type CandidateOutcome = z.infer<typeof CandidateOutcomeSchema>;

export const CompareResultSchema = z.object({
  runDir: z.string(),
  files: z.object({ json: z.string(), html: z.string(), csv: z.string() }),
  /** The first candidate's clean metrics. */
  summary: SummaryMetricsSchema,
  /** The run's gate: every candidate must meet it (failures name the candidate when there are several). */
  gate: GateSchema,
  images: z.object({ count: z.number().int(), skipped: z.array(SkippedImageSchema) }),
  preprocess: PreprocessSpecSchema,
  /** Present when the comparison ran perturbations. */
  robustness: RobustnessHeadlineSchema.optional(),
  /** The performance section's headline ("candidate is X% faster, Y× smaller, …"); absent with bench: false. */
  performance: z.string().optional(),
  /** The serving pass (time to serve the images per side and level, and the ratio), when there was one. */
  serving: ServingRunSchema.optional(),
  /** Present when the run was one shard: its gate is the shard's only, the merged run's decides. */
  shard: ShardNoteSchema.optional(),
  /** Each candidate's figures, when the run compared more than one. */
  candidates: z.array(CandidateOutcomeSchema).optional(),
});
export type CompareResult = z.infer<typeof CompareResultSchema>;

export const CompareJob = { params: CompareParamsSchema, result: CompareResultSchema } as const;
