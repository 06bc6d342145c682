/**
 * Every job the engine runs: its kind, the schema of its parameters and of its result. Hosts and the engine
 * are typed against this map, so adding a kind without a handler, or a handler without a kind, fails to compile.
 */
import type { z } from 'zod';
import { InspectJob } from './inspect.js';
import { CompareJob } from './compare.js';
import { ConvertJob } from './convert.js';
import { SampleJob } from './sample.js';
import { VersionsJob } from './versions.js';
import { DebugJob } from './debug.js';
import { PreviewJob } from './preview.js';
import { BenchJob, ServeLoadJob } from './bench.js';
import { PerturbJob } from './perturb.js';
import { ResumeJob } from './resume.js';
import { DriftJob } from './drift.js';
import { PredictJob } from './predict.js';
import { LayersJob } from './layers.js';
import { MergeJob } from './merge.js';
import { BundleJob } from './bundle.js';

export const JOBS = {
  inspect: InspectJob,
  compare: CompareJob,
  resume: ResumeJob,
  merge: MergeJob,
  convert: ConvertJob,
  sample: SampleJob,
  versions: VersionsJob,
  debug: DebugJob,
  preview: PreviewJob,
  bench: BenchJob,
  serveLoad: ServeLoadJob,
  perturb: PerturbJob,
  drift: DriftJob,
  predict: PredictJob,
  layers: LayersJob,
  bundle: BundleJob,
} as const;

export type JobKind = keyof typeof JOBS;
export const JOB_KINDS = Object.keys(JOBS) as JobKind[];

/** Parameters as a caller writes them (defaults may be omitted). */
export type JobParams<K extends JobKind> = z.input<(typeof JOBS)[K]['params']>;
/** Parameters after validation, defaults filled in. */
export type JobOptions<K extends JobKind> = z.output<(typeof JOBS)[K]['params']>;
export type JobResult<K extends JobKind> = z.output<(typeof JOBS)[K]['result']>;

export function isJobKind(value: string): value is JobKind {
  return Object.prototype.hasOwnProperty.call(JOBS, value);
}
