import type { JobKind, JobOptions, JobResult } from '../../../shared/contract/jobs/index.js';
import type { JobContext } from './context.js';

export type JobHandler<K extends JobKind> = (params: JobOptions<K>, ctx: JobContext) => Promise<JobResult<K>>;
/** One handler per job kind; a missing one is a compile error. */
export type JobHandlers = { [K in JobKind]: JobHandler<K> };

/** Kinds that saturate the CPU: at most MAX_HEAVY_JOBS of them run at once, the rest wait in order. */
export const HEAVY_JOBS: ReadonlySet<JobKind> = new Set<JobKind>(['compare', 'resume', 'merge', 'convert', 'bench', 'serveLoad', 'drift', 'layers', 'bundle']);
