/** Puts a finished comparison into the report schema (and checks it against the schema before anyone reads it). */
import os from 'node:os';
import type { CompareOptions } from '../../../../shared/contract/jobs/compare.js';
import type { PreprocessSpec } from '../../../../shared/preprocess.js';
import type { SummaryMetrics } from '../../../../shared/report/metrics.js';
import {
  ParityReportSchema,
  REPORT_SCHEMA_VERSION,
  type CandidateResult,
  type Gate,
  type GroundTruthSummary,
  type OutputDescription,
  type ParityReport,
  type PerImageResult,
  type SkippedImage,
} from '../../../../shared/report/report.js';
import { describeEnvironment } from '../../env/versions.js';
import { parityVersion } from '../../env/project-root.js';
import type { ModelSignature } from '../pair/signatures.js';
import type { ModelSource } from '../../../../shared/report/model-source.js';

/** What the report says about one side. */
export interface ModelFacts {
  path: string;
  sha256: string | null;
  sizeBytes: number | null;
  source: ModelSource;
}

export interface ReportParts {
  params: CompareOptions;
  spec: PreprocessSpec;
  imagesRoot: string;
  classes: string[] | null;
  refSignature: ModelSignature;
  candSignature: ModelSignature;
  models: { reference: ModelFacts; candidate: ModelFacts };
  plan: OutputDescription[];
  summary: { overall: SummaryMetrics; perOutput: Array<{ output: string; metrics: SummaryMetrics }> };
  gate: Gate;
  perImage: PerImageResult[];
  skipped: SkippedImage[];
  /** Where --boxes came from, when given. */
  boxes: GroundTruthSummary | null;
  timings: ParityReport['timings'];
  extra?: Partial<Pick<ParityReport, 'perturbations' | 'robustness' | 'performance' | 'servingRun' | 'layers' | 'shard'>>;
  /** With several candidates: the first one's name and own gate (`gate` above is the run's), and the others. */
  firstCandidate?: { name: string; gate: Gate };
  furtherCandidates?: CandidateResult[];
  manifests?: { reference?: ParityReport['models']['reference']['manifest']; candidate?: ParityReport['models']['candidate']['manifest'] };
}

/** The report's `postprocess`: the spec of the run's detection output, defaults filled in. */
function postprocessOf(plan: readonly OutputDescription[]): Pick<ParityReport, 'postprocess'> {
  const spec = plan.find((o) => o.kind === 'detection')?.postprocess;
  return spec ? { postprocess: spec } : {};
}

export function assembleReport(parts: ReportParts): ParityReport {
  const { params } = parts;
  const report: ParityReport = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'parity', version: parityVersion() },
    createdAt: new Date().toISOString(),
    environment: describeEnvironment(),
    models: {
      reference: {
        ...parts.models.reference,
        inputs: parts.refSignature.inputs,
        outputs: parts.refSignature.outputs,
        ...(parts.manifests?.reference ? { manifest: parts.manifests.reference } : {}),
      },
      candidate: {
        ...parts.models.candidate,
        inputs: parts.candSignature.inputs,
        outputs: parts.candSignature.outputs,
        ...(parts.manifests?.candidate ? { manifest: parts.manifests.candidate } : {}),
      },
    },
    preprocess: parts.spec,
    ...postprocessOf(parts.plan),
    ...(parts.boxes ? { boxes: parts.boxes } : {}),
    options: {
      threshold: params.threshold,
      threads: params.threads ?? os.availableParallelism(),
      topK: params.topK,
      defaultTolerance: params.tolerance,
      charset: params.charset,
    },
    images: { root: parts.imagesRoot, count: parts.perImage.length, skipped: parts.skipped },
    labels: params.labels && parts.classes ? { path: params.labels, classes: parts.classes } : null,
    outputs: parts.plan,
    summary: { clean: parts.summary.overall, perOutput: parts.summary.perOutput },
    gate: parts.gate,
    perImage: parts.perImage,
    ...parts.extra,
    timings: parts.timings,
  };
  if (parts.firstCandidate && parts.furtherCandidates) {
    const first: CandidateResult = {
      name: parts.firstCandidate.name,
      model: report.models.candidate,
      summary: report.summary,
      gate: parts.firstCandidate.gate,
      ...(report.perturbations ? { perturbations: report.perturbations } : {}),
      ...(report.robustness ? { robustness: report.robustness } : {}),
      ...(report.performance ? { performance: report.performance } : {}),
      inferenceMs: parts.timings.inferenceMs,
    };
    report.candidates = [first, ...parts.furtherCandidates];
  }
  return checkedReport(report);
}

/** The report, checked against its schema before anyone reads it (a mismatch is our fault: an internal error). */
export function checkedReport(report: ParityReport): ParityReport {
  const checked = ParityReportSchema.safeParse(report);
  if (!checked.success) {
    throw new Error(`internal: the report does not match its schema: ${checked.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return checked.data;
}
