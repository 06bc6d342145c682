import { existsSync, mkdirSync, promises as fs, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostService } from '../../main/host/index.js';
import type { HostEvent } from '../../shared/contract/host-api.js';
import type { SampleResult } from '../../shared/contract/jobs/sample.js';
import { ParityReportSchema } from '../../shared/report/report.js';
import { ParityError } from '../../shared/errors.js';
import { createTestService, removeDir, sampleThroughService, smallCompare, useTempDataDir, waitForJob } from './host-fixture.js';

let dataDir: string;
let service: HostService;
let sample: SampleResult;
const events: HostEvent[] = [];

beforeAll(async () => {
  dataDir = useTempDataDir('parity-host-service');
  service = await createTestService({ jobs: { maxActiveJobs: 2 } });
  service.subscribe((event) => events.push(event));
  sample = await sampleThroughService(service);
});

afterAll(async () => {
  await service?.close();
  await removeDir(dataDir);
});

async function rejection(promise: Promise<unknown>): Promise<ParityError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ParityError);
    return error as ParityError;
  }
  throw new Error('expected a rejection');
}

describe('HostService jobs', () => {
  it('runs a compare with progress, keeps its snapshot and lists its run folder', async () => {
    const { jobId } = await service.startJob({ kind: 'compare', params: smallCompare(sample) });
    const job = await waitForJob(service, jobId);
    expect(job.status).toBe('done');
    expect(job.title).toContain('vs');
    const progress = events.filter((e) => e.type === 'job' && e.job.jobId === jobId && e.job.progress !== null);
    expect(progress.length).toBeGreaterThan(0);
    const result = job.result as { runDir: string; summary: { images: number } };
    expect(result.summary.images).toBe(10);
    expect(path.dirname(result.runDir)).toBe(path.join(dataDir, 'runs'));

    // A reloaded renderer is a new subscriber that asks for the jobs: the finished job is still there.
    const reloaded = service.listJobs().find((j) => j.jobId === jobId);
    expect(reloaded?.status).toBe('done');
    expect(reloaded?.result).toEqual(job.result);

    const runs = await service.runs.list();
    const run = runs.find((r) => r.runDir === result.runDir);
    expect(run).toBeDefined();
    expect(run?.images).toBe(10);
    expect(run?.top1Agreement).toBe(1);
    expect(run?.gatePassed).toBeNull();
    const report = ParityReportSchema.parse(await service.runs.readReport(run!.runId));
    expect(report.perImage).toHaveLength(10);
  });

  it('lists a gated run as passed or failed by its criteria', async () => {
    const gated = async (threshold: number) => {
      const gate = [{ metric: 'top1Agreement', bound: 'min', threshold }];
      const { jobId } = await service.startJob({ kind: 'compare', params: { ...smallCompare(sample, 4), gate } });
      const job = await waitForJob(service, jobId);
      expect(job.status).toBe('done');
      const runDir = (job.result as { runDir: string }).runDir;
      return (await service.runs.list()).find((r) => r.runDir === runDir)?.gatePassed;
    };
    expect(await gated(0.99)).toBe(true);
    // Agreement is a fraction, so a threshold above 1 can never be met.
    expect(await gated(1.5)).toBe(false);
  });

  it('refuses job kinds the UI may not start, and paths outside the allowed roots', async () => {
    expect((await rejection(service.startJob({ kind: 'debug', params: { action: 'abort' } }))).message).toContain('Unknown job kind');
    const outside = await rejection(service.startJob({ kind: 'inspect', params: { model: '/etc/hostname' } }));
    expect(outside.details?.reason).toBe('outside-roots');
  });

  it('a path the user typed (statPath) becomes usable by jobs', async () => {
    const folder = path.join(path.dirname(dataDir), `${path.basename(dataDir)}-typed`);
    mkdirSync(folder, { recursive: true });
    try {
      const model = path.join(folder, 'copy.onnx');
      await fs.copyFile(sample.modelPath, model);
      const before = await rejection(service.startJob({ kind: 'inspect', params: { model } }));
      expect(before.details?.reason).toBe('outside-roots');
      const stat = await service.statPath(model, 'model');
      expect(stat).toMatchObject({ exists: true, isDirectory: false, problem: null });
      const { jobId } = await service.startJob({ kind: 'inspect', params: { model } });
      const job = await waitForJob(service, jobId);
      expect(job.status).toBe('done');
      expect((job.result as { inputs: Array<{ name: string }> }).inputs[0]?.name).toBe('x');
    } finally {
      await removeDir(folder);
    }
  });

  it('caps queued and running jobs, and cancels a running one', async () => {
    const long = { ...smallCompare(sample, 200) };
    const first = await service.startJob({ kind: 'compare', params: long });
    const second = await service.startJob({ kind: 'compare', params: long });
    const busy = await rejection(service.startJob({ kind: 'compare', params: long }));
    expect(busy.details?.reason).toBe('busy');
    expect(busy.message).toContain('2 jobs');
    service.cancelJob(second.jobId);
    service.cancelJob(first.jobId);
    const [a, b] = await Promise.all([waitForJob(service, first.jobId), waitForJob(service, second.jobId)]);
    expect(a.status).toBe('cancelled');
    expect(b.status).toBe('cancelled');
    expect(a.error?.code).toBe('CANCELLED');
    expect((await rejection(Promise.resolve().then(() => service.cancelJob('no-such-job')))).details?.reason).toBe('not-found');
  });

  it('marks a job failed with the cause when the engine dies under it, and the next job restarts the engine', async () => {
    const { jobId } = await service.startJob({ kind: 'compare', params: smallCompare(sample, 200) });
    await waitForJob(service, jobId, (j) => j.status === 'running' && (j.progress?.done ?? 0) > 0);
    const pid = service.engine.enginePid;
    expect(pid).toBeGreaterThan(0);
    process.kill(pid!, 'SIGKILL');
    const failed = await waitForJob(service, jobId);
    expect(failed.status).toBe('failed');
    expect(failed.error?.code).toBe('ENGINE_CRASHED');
    expect(failed.error?.message).toContain('SIGKILL');
    expect(events.some((e) => e.type === 'engine' && e.state === 'crashed')).toBe(true);

    const next = await service.startJob({ kind: 'compare', params: smallCompare(sample, 4) });
    expect(events.some((e) => e.type === 'engine' && e.state === 'restarted')).toBe(true);
    const done = await waitForJob(service, next.jobId);
    expect(done.status).toBe('done');
    expect(service.engine.enginePid).not.toBe(pid);
  });
});

describe('HostService runs', () => {
  it('deletes a run in the runs folder, and only forgets an indexed run elsewhere', async () => {
    const elsewhere = path.join(path.dirname(dataDir), `${path.basename(dataDir)}-out`, 'my-run');
    await service.roots.add(path.dirname(elsewhere));
    try {
      const { jobId } = await service.startJob({ kind: 'compare', params: { ...smallCompare(sample, 3), runDir: elsewhere } });
      expect((await waitForJob(service, jobId)).status).toBe('done');
      const { jobId: inRootsId } = await service.startJob({ kind: 'compare', params: smallCompare(sample, 3) });
      const inRoots = (await waitForJob(service, inRootsId)).result as { runDir: string };

      const listed = await service.runs.list();
      const external = listed.find((r) => r.runDir === elsewhere);
      const internal = listed.find((r) => r.runDir === inRoots.runDir);
      expect(external?.runId).toMatch(/^my-run~[0-9a-f]{10}$/);
      expect(internal).toBeDefined();

      await service.runs.delete(internal!.runId);
      expect(existsSync(inRoots.runDir)).toBe(false);
      await service.runs.delete(external!.runId);
      expect(existsSync(path.join(elsewhere, 'report.json'))).toBe(true);
      const after = await service.runs.list();
      expect(after.some((r) => r.runDir === elsewhere || r.runDir === inRoots.runDir)).toBe(false);
      expect((await rejection(service.runs.readReport(internal!.runId))).details?.reason).toBe('not-found');
    } finally {
      await removeDir(path.dirname(elsewhere));
    }
  });

  it('opens a run folder copied from elsewhere (a CI artifact), lists and reads it, and refuses folders without a report', async () => {
    const outside = path.join(path.dirname(dataDir), `${path.basename(dataDir)}-artifacts`);
    try {
      const { jobId } = await service.startJob({ kind: 'compare', params: smallCompare(sample, 3) });
      const written = ((await waitForJob(service, jobId)).result as { runDir: string }).runDir;
      const artifact = path.join(outside, 'ci-run');
      await fs.cp(written, artifact, { recursive: true });

      const opened = await service.runs.open(artifact);
      expect(opened.runDir).toBe(await fs.realpath(artifact));
      expect(opened.runId).toMatch(/^ci-run~[0-9a-f]{10}$/);
      expect(opened.images).toBe(3);
      expect((await service.runs.list()).find((r) => r.runId === opened.runId)?.runDir).toBe(opened.runDir);
      const report = ParityReportSchema.parse(await service.runs.readReport(opened.runId));
      expect(report.perImage).toHaveLength(3);
      // Opening a folder already in the runs folder lists it under its own id, without indexing it twice.
      expect((await service.runs.open(written)).runId).toBe(path.basename(written));

      expect((await rejection(service.runs.open(path.join(outside, 'missing')))).details?.reason).toBe('not-found');
      expect((await rejection(service.runs.open('relative/ci-run'))).message).toContain('is not a full path');
      const parent = await rejection(service.runs.open(outside));
      expect(parent.details?.reason).toBe('no-report');
      expect(parent.hint).toContain('report.json');
      expect((await rejection(service.runs.open(path.join(artifact, 'report.json')))).details?.reason).toBe('not-found');

      await service.runs.delete(opened.runId);
      expect(existsSync(path.join(artifact, 'report.json'))).toBe(true);
      expect((await service.runs.list()).some((r) => r.runId === opened.runId)).toBe(false);
    } finally {
      await removeDir(outside);
    }
  });

  it('leaves out folders without a valid report and refuses run ids that are paths', async () => {
    const junk = path.join(dataDir, 'runs', 'not-a-run');
    mkdirSync(junk, { recursive: true });
    writeFileSync(path.join(junk, 'report.json'), '{"truncated":');
    expect((await service.runs.list()).some((r) => r.runDir === junk)).toBe(false);
    for (const runId of ['../runs', '..', 'a/b', '/etc']) {
      expect((await rejection(service.runs.readReport(runId))).details?.reason).toBe('not-found');
    }
  });

  it('exports report copies atomically, leaving no temporary file', async () => {
    const run = (await service.runs.list())[0]!;
    const target = path.join(dataDir, 'exports', 'copy.json');
    await service.exportCopy(run.runId, 'json', target);
    expect(await fs.readFile(target, 'utf8')).toBe(await fs.readFile(path.join(run.runDir, 'report.json'), 'utf8'));
    expect(readdirSync(path.dirname(target))).toEqual(['copy.json']);
  });
});

describe('HostService recent projects and paths', () => {
  it('keeps recent projects newest first without duplicates, and survives a corrupt file', async () => {
    await service.addRecent({ model: '/m/a.onnx', images: '/i', labels: null });
    await service.addRecent({ model: '/m/b.onnx', images: '/i', labels: null });
    await service.addRecent({ model: '/m/a.onnx', images: '/i', labels: '/l.txt' });
    const list = await service.recent.list();
    expect(list.map((p) => p.model)).toEqual(['/m/a.onnx', '/m/b.onnx']);
    expect(list[0]?.labels).toBe('/l.txt');
    await fs.writeFile(path.join(dataDir, 'recent.json'), '[{"model":');
    expect(await service.recent.list()).toEqual([]);
    await service.addRecent({ model: '/m/c.onnx', images: null, labels: null });
    expect((await service.recent.list()).map((p) => p.model)).toEqual(['/m/c.onnx']);
    expect(readdirSync(dataDir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('statPath says what is wrong with a path and counts images in a folder', async () => {
    expect(await service.statPath(sample.imagesDir, 'images')).toMatchObject({ exists: true, isDirectory: true, imageCount: 200, problem: null });
    expect((await service.statPath(sample.labelsPath, 'model')).problem).toContain('not an .onnx file');
    expect((await service.statPath(sample.modelPath, 'images')).problem).toContain('folder of images');
    expect(await service.statPath(path.join(dataDir, 'missing.onnx'), 'model')).toMatchObject({ exists: false, problem: 'No such file or folder.' });
    expect((await service.statPath('relative/model.onnx', 'model')).problem).toContain('full path');
    expect((await service.statPath(dataDir, 'images')).problem).toContain('No images');
  });
});
