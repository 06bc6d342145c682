/** A real HostService on a real engine process, with its data folder in a fresh temporary directory. */
import { mkdtempSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { forkChannelFactory } from '../../main/engine/index.js';
import { HostService, type HostServiceOptions } from '../../main/host/index.js';
import type { HostEvent, JobSnapshot } from '../../shared/contract/host-api.js';
import type { SampleResult } from '../../shared/contract/jobs/sample.js';

/** Points dataDir() (read by the host and inherited by the engine) at a fresh folder. */
export function useTempDataDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  process.env.PARITY_DATA_DIR = dir;
  return dir;
}

export async function removeDir(dir: string | undefined): Promise<void> {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
}

export function createTestService(options: Partial<HostServiceOptions> = {}): Promise<HostService> {
  return HostService.create({ channelFactory: forkChannelFactory({ env: { PARITY_TEST_HOOKS: '1' } }), ...options });
}

/** Resolves with the first snapshot of a job that satisfies `done` (watching events, then the current list). */
export function waitForJob(
  service: HostService,
  jobId: string,
  done: (job: JobSnapshot) => boolean = (job) => job.finishedAt !== null,
  timeoutMs = 60_000,
): Promise<JobSnapshot> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`job ${jobId} did not reach the expected state in ${timeoutMs} ms`));
    }, timeoutMs);
    const check = (job: JobSnapshot | undefined): boolean => {
      if (job && job.jobId === jobId && done(job)) {
        clearTimeout(timer);
        unsubscribe();
        resolve(job);
        return true;
      }
      return false;
    };
    const unsubscribe = service.subscribe((event: HostEvent) => {
      if (event.type === 'job') check(event.job);
    });
    check(service.listJobs().find((j) => j.jobId === jobId));
  });
}

/** Runs the `sample` job through the service (which also makes its files readable) and returns its paths. */
export async function sampleThroughService(service: HostService): Promise<SampleResult> {
  const { jobId } = await service.startJob({ kind: 'sample', params: {} });
  const job = await waitForJob(service, jobId);
  if (job.status !== 'done') throw new Error(`sample job ${job.status}: ${job.error?.message}`);
  return job.result as SampleResult;
}

/** Parameters of a small compare of the sample model with itself. */
export function smallCompare(sample: SampleResult, maxImages = 10): Record<string, unknown> {
  return {
    reference: sample.modelPath,
    candidate: sample.modelPath,
    images: sample.imagesDir,
    labels: sample.labelsPath,
    preprocess: sample.preprocess,
    maxImages,
  };
}
