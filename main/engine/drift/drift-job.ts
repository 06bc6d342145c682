/**
 * `parity drift`: streams the reference folder, then the field folder (each image decoded once, its statistics
 * and the model's view taken from the same pixels), then compares them — image statistics (PSI, KS), the model's
 * outputs and features (PSI, KS, MMD), the perturbation the field resembles — and writes drift.json and drift.html.
 */
import path from 'node:path';
import { promises as fs } from 'node:fs';
import type { DriftOptions, DriftResult } from '../../../shared/contract/jobs/drift.js';
import { DRIFT_SCHEMA_VERSION, type DriftReport, type ModelView } from '../../../shared/drift/drift-report.js';
import { STATISTIC_NAMES, type StatisticName } from '../../../shared/drift/statistics.js';
import { DEFAULT_PREPROCESS, PreprocessSpecSchema } from '../../../shared/preprocess.js';
import { ParityError } from '../../../shared/errors.js';
import { seededRandom } from '../../../shared/seeded-random.js';
import type { JobContext } from '../jobs/context.js';
import { listImages, resolvePreprocessSpec, type ImageEntry } from '../images/index.js';
import { ModelSession } from '../infer/index.js';
import { sha256File } from '../onnx/index.js';
import { newRunDir } from '../env/data-dirs.js';
import { parityVersion } from '../env/project-root.js';
import { readLabels } from '../parity/compare/labels.js';
import { describeAnalysis, streamAnalysisImages, type AnalysisGeometry } from './analysis-image.js';
import { statisticShifts, statisticsRow } from './folder-statistics.js';
import { ScalarSet } from './scalar-set.js';
import { ModelObserver, type Side } from './model-view.js';
import { openFeatureModel, type FeatureModel } from './feature-model.js';
import { mmdTest } from './mmd.js';
import { rankResemblance, type ResemblanceOutcome, type SampleImage } from './resemblance.js';
import { linkRobustnessRun, withAgreement, type RobustnessRunLink } from './robustness-link.js';
import { evaluateDriftGate } from './drift-gate.js';
import { driftHeadline } from './headline.js';
import { writeDriftFiles } from './write-drift.js';

interface Folder {
  root: string;
  entries: ImageEntry[];
  skipped: Array<{ path: string; reason: string }>;
}

async function listFolder(given: string, role: Side, maxImages: number | null): Promise<Folder> {
  const root = path.resolve(given);
  const listing = await listImages(root, { withLabels: false, ...(maxImages ? { maxImages } : {}) }).catch((error: unknown) => {
    if (error instanceof ParityError) throw new ParityError(error.code, `The ${role} folder: ${error.message}`, error.hint);
    throw error;
  });
  if (listing.entries.length === 0) {
    throw new ParityError('NO_IMAGES', `No image files in the ${role} folder ${root}.`, 'Supported: JPEG, PNG, WebP, TIFF, GIF, AVIF.');
  }
  return { root, entries: listing.entries, skipped: [...listing.skipped] };
}

function analysisGeometry(params: DriftOptions, model: FeatureModel | null): AnalysisGeometry {
  if (model) return { kind: 'model', spec: resolvePreprocessSpec(params.preprocess, model.input) };
  const p = params.preprocess;
  if (p?.width !== undefined && p.height !== undefined) {
    return { kind: 'model', spec: PreprocessSpecSchema.parse({ ...DEFAULT_PREPROCESS, ...p }) };
  }
  return { kind: 'side', side: params.analysisSide };
}

/** A seeded uniform sample of reference images kept at the analysis size, for the resemblance ranking. */
class ImageSample {
  readonly items: SampleImage[] = [];
  private seen = 0;
  private readonly random: () => number;
  constructor(
    private readonly capacity: number,
    seed: number,
  ) {
    this.random = seededRandom(seed);
  }
  offer(item: SampleImage): void {
    this.seen += 1;
    if (this.items.length < this.capacity) this.items.push(item);
    else {
      const j = Math.floor(this.random() * this.seen);
      if (j < this.capacity) this.items[j] = item;
    }
  }
}

/** Runs a drift check and writes its report files. */
export async function runDrift(params: DriftOptions, ctx: JobContext): Promise<DriftResult> {
  const started = performance.now();
  const reference = await listFolder(params.reference, 'reference', params.maxImages);
  const field = await listFolder(params.field, 'field', params.maxImages);
  if (params.candidate && !params.model) throw new ParityError('BAD_OPTION', 'A candidate needs the model it is a variant of.', 'Pass --model m.onnx with --candidate c.onnx.');
  const classNames = params.labels ? await readLabels(params.labels) : null;
  const hashes = {
    model: params.model ? await sha256File(params.model).catch(() => null) : null,
    candidate: params.candidate ? await sha256File(params.candidate).catch(() => null) : null,
  };
  if (params.model && hashes.model === null) throw new ParityError('BAD_OPTION', `Model not found: ${params.model}`, 'Check the path.');
  if (params.candidate && hashes.candidate === null) throw new ParityError('BAD_OPTION', `Candidate model not found: ${params.candidate}`, 'Check the path.');
  const link: RobustnessRunLink | null = params.robustnessRun ? await linkRobustnessRun(params.robustnessRun, hashes) : null;

  if (params.model) ctx.progress('loading models', 0, null);
  const model = params.model ? await openFeatureModel(params.model, params.featureNode, params.threads) : null;
  let candidate: ModelSession | null = null;
  try {
    const geometry = analysisGeometry(params, model);
    if (params.candidate) {
      candidate = await ModelSession.open(params.candidate, { threads: params.threads, optimizationLevel: 'all', spinning: false });
    }
    const observer =
      model && geometry.kind === 'model'
        ? new ModelObserver(model, geometry.spec, candidate, { mmdSample: params.mmdSample, seed: params.seed, leastLikeCount: params.leastLikeCount })
        : null;
    const sets = { reference: new ScalarSet(STATISTIC_NAMES, params.seed + 1), field: new ScalarSet(STATISTIC_NAMES, params.seed + 2) };
    // An empty perturbation list (--perturb none) leaves the ranking out, like a sample of 0.
    const resembling = params.resembleSample > 0 && params.perturb.length > 0;
    const sample = new ImageSample(params.resembleSample, params.seed + 3);

    const pass = async (side: Side, folder: Folder): Promise<number> => {
      const t0 = performance.now();
      const stage = `${side} images`;
      let done = 0;
      ctx.progress(stage, 0, folder.entries.length);
      for await (const outcome of streamAnalysisImages(folder.entries, geometry)) {
        ctx.throwIfCancelled();
        if (!outcome.ok) folder.skipped.push({ path: outcome.entry.relPath, reason: outcome.reason });
        else {
          const a = outcome.value;
          sets[side].add(statisticsRow(a));
          if (side === 'reference' && resembling) sample.offer({ image: a.image, jpegQuality: a.jpegQuality });
          if (observer) await observer.observe(side, a.entry.relPath, a.image);
        }
        done += 1;
        ctx.progress(stage, done, folder.entries.length);
      }
      if (sets[side].sample.seen === 0) {
        throw new ParityError('NO_IMAGES', `None of the ${folder.entries.length} images in the ${side} folder could be decoded.`, `First reason: ${folder.skipped[0]?.reason ?? 'unknown'}`);
      }
      return performance.now() - t0;
    };

    const referenceMs = await pass('reference', reference);
    const cuts = sets.reference.psiCuts(field.entries.length);
    sets.field.countInto(cuts);
    observer?.startField(field.entries.length);
    const fieldMs = await pass('field', field);
    const statistics = statisticShifts(sets.reference, sets.field, cuts);

    const t1 = performance.now();
    let modelView: ModelView | null = null;
    if (model && observer) {
      const referenceRows = observer.referenceRows();
      const fieldRows = observer.fieldRows();
      let features: ModelView['features'] = null;
      let featuresNote = observer.featureNote;
      if (model.feature && referenceRows.length >= 2 && fieldRows.length >= 2) {
        ctx.progress('feature shift (MMD)', 0, params.permutations);
        const mmd = mmdTest(referenceRows, fieldRows, params.permutations, params.seed, (done) => ctx.progress('feature shift (MMD)', done, params.permutations));
        features = {
          tensor: model.feature.tensor,
          how: model.feature.how,
          dims: observer.featureDims,
          sample: { reference: referenceRows.length, field: fieldRows.length, capacity: params.mmdSample, seed: params.seed },
          ...mmd,
        };
      } else if (model.feature && !featuresNote) featuresNote = 'Too few feature vectors (fewer than 2 per folder) for an MMD test.';
      modelView = {
        path: path.resolve(params.model!),
        sha256: hashes.model!,
        preprocess: observer.spec,
        outputs: observer.outputShift(field.entries.length, classNames),
        outputsNote: observer.outputsNote,
        features,
        featuresNote,
        leastLike: observer.leastLikeImages().map((e) => ({ ...e, thumbnail: null })),
        referenceScore: observer.referenceScore(),
        candidate: params.candidate ? { path: path.resolve(params.candidate), sha256: hashes.candidate!, agreement: observer.candidateAgreement() } : null,
      };
    }
    const featureTestMs = performance.now() - t1;

    const t2 = performance.now();
    let resemblance: ResemblanceOutcome | null = null;
    if (resembling && sample.items.length > 0) {
      const columnOf = (name: StatisticName): number => STATISTIC_NAMES.indexOf(name);
      resemblance = await rankResemblance(sample.items, (name) => sets.field.values(columnOf(name)), params.perturb, params.severities, params.seed, ctx);
    }
    const resemblanceMs = performance.now() - t2;

    const resembles = withAgreement(resemblance?.resembles ?? [], link);
    const gate = evaluateDriftGate(params.gate, { statistics, model: modelView });
    const body = {
      statistics,
      model: modelView,
      resembles,
      resemblance: resemblance
        ? { sample: sample.items.length, statistics: resemblance.statistics, cleanDistance: resemblance.cleanDistance, perturbations: resemblance.perturbations }
        : null,
      robustnessRun: link ? { runDir: link.runDir, sameModels: link.sameModels, note: link.note, reference: link.reference, candidate: link.candidate } : null,
    };
    const report: DriftReport = {
      schemaVersion: DRIFT_SCHEMA_VERSION,
      kind: 'drift',
      createdAt: new Date().toISOString(),
      tool: { name: 'parity', version: parityVersion() },
      reference: { folder: reference.root, images: sets.reference.sample.seen, skipped: reference.skipped },
      field: { folder: field.root, images: sets.field.sample.seen, skipped: field.skipped },
      analysis: { description: `Pixel statistics measured on ${describeAnalysis(geometry)}.`, seed: params.seed },
      ...body,
      gate,
      headline: driftHeadline(body),
      timings: { totalMs: 0, referenceMs, fieldMs, resemblanceMs, featureTestMs },
    };
    const runDir = path.resolve(params.runDir ?? newRunDir(`drift-${path.basename(field.root)}`));
    await fs.mkdir(runDir, { recursive: true });
    ctx.progress('writing report', 0, 1);
    report.timings.totalMs = performance.now() - started;
    const files = await writeDriftFiles(report, runDir, params.copies, field.root);
    ctx.progress('writing report', 1, 1);
    return { runDir, files: { json: files.json, html: files.html }, gate, headline: report.headline, report: files.report };
  } finally {
    await Promise.all([model?.session.release(), candidate?.release()]);
  }
}

