/** The web host end to end: real engine jobs streamed over SSE, run files, uploads and the renderer build. */
import { existsSync, promises as fs, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_ROUTES, type JobSnapshot } from '../../shared/contract/host-api.js';
import type { SampleResult } from '../../shared/contract/jobs/sample.js';
import { ParityReportSchema } from '../../shared/report/report.js';
import { rendererCsp } from '../../main/host/index.js';
import { removeDir, smallCompare } from '../host/host-fixture.js';
import { connectEvents } from './sse-client.js';
import { bearer, callApi, rawRequest, startWebFixture, type WebFixture } from './web-fixture.js';

let fx: WebFixture;
let sample: SampleResult;

beforeAll(async () => {
  fx = await startWebFixture('parity-web-jobs', { heartbeatMs: 200, limits: { upload: { fileBytes: 64 * 1024, requestBytes: 256 * 1024, files: 5 } } });
});

afterAll(async () => {
  await fx?.server.close();
  await fx?.service.close();
  await removeDir(fx?.dataDir);
});

function jobEvent(jobId: string, predicate: (job: JobSnapshot) => boolean) {
  return (e: { type: string; job?: JobSnapshot }) => e.type === 'job' && e.job?.jobId === jobId && predicate(e.job);
}

async function startJob(kind: string, params: unknown): Promise<string> {
  const res = await callApi(fx.server, 'startJob', { kind, params });
  expect(res.status, res.body).toBe(200);
  return (res.json as { jobId: string }).jobId;
}

describe('jobs over HTTP and server-sent events', () => {
  let runId: string;

  it('streams the progress of a real compare and its result', async () => {
    const sse = await connectEvents(fx.server.port, bearer(fx.server));
    try {
      expect(sse.status).toBe(200);
      expect(sse.contentType).toMatch(/^text\/event-stream/);
      const sampleId = await startJob('sample', {});
      const sampleDone = await sse.waitFor(jobEvent(sampleId, (j) => j.status === 'done'));
      sample = (sampleDone as { job: JobSnapshot }).job.result as SampleResult;

      const jobId = await startJob('compare', smallCompare(sample, 10));
      const done = (await sse.waitFor(jobEvent(jobId, (j) => j.finishedAt !== null))) as { job: JobSnapshot };
      expect(done.job.status).toBe('done');
      const progress = sse.events.flatMap((e) => (e.type === 'job' && e.job.jobId === jobId && e.job.progress ? [e.job.progress] : []));
      expect(progress.length).toBeGreaterThan(1);
      const comparing = progress.filter((p) => p.total === 10);
      expect(comparing.length).toBeGreaterThan(0);
      expect(comparing.map((p) => p.done)).toEqual([...comparing.map((p) => p.done)].sort((a, b) => a - b));
      expect(sse.eventNames.every((n) => n === 'message')).toBe(true);
      await new Promise((r) => setTimeout(r, 450));
      expect(sse.comments.some((c) => c.startsWith('ping'))).toBe(true);

      const runs = (await callApi(fx.server, 'listRuns')).json as Array<{ runId: string; runDir: string; images: number }>;
      const resultDir = (done.job.result as { runDir: string }).runDir;
      const run = runs.find((r) => r.runDir === resultDir);
      expect(run?.images).toBe(10);
      runId = run!.runId;
    } finally {
      sse.close();
    }
  });

  it('a reconnecting page first receives every known job', async () => {
    const sse = await connectEvents(fx.server.port, bearer(fx.server));
    try {
      await new Promise((r) => setTimeout(r, 200));
      const listed = (await callApi(fx.server, 'listJobs')).json as JobSnapshot[];
      expect(listed.length).toBeGreaterThanOrEqual(2);
      const replayed = sse.events.flatMap((e) => (e.type === 'job' ? [e.job.jobId] : []));
      expect(replayed).toEqual(listed.map((j) => j.jobId));
    } finally {
      sse.close();
    }
  });

  it('serves the report, its downloads and the export URLs', async () => {
    const report = ParityReportSchema.parse((await callApi(fx.server, 'readReport', { runId })).json);
    expect(report.perImage).toHaveLength(10);

    const html = await rawRequest({ port: fx.server.port, path: WEB_ROUTES.runAsset(runId, 'report.html'), headers: bearer(fx.server) });
    expect(html.status).toBe(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.headers['content-security-policy']).toMatch(/^sandbox allow-scripts/);

    for (const format of ['json', 'csv', 'html', 'pdf'] as const) {
      const res = await callApi(fx.server, 'exportReport', { runId, format });
      expect(res.status).toBe(200);
      const { downloadUrl, savedTo } = res.json as { downloadUrl: string; savedTo: null };
      expect(savedTo).toBeNull();
      const download = await rawRequest({ port: fx.server.port, path: downloadUrl, headers: bearer(fx.server) });
      expect(download.status).toBe(200);
      if (format === 'pdf') {
        expect(downloadUrl).toBe(WEB_ROUTES.runAsset(runId, 'report.html'));
      } else {
        expect(download.headers['content-disposition']).toBe(`attachment; filename="parity-${runId}.${format}"`);
        expect(download.body).toBe(await fs.readFile(path.join(await runDirOf(runId), `report.${format}`), 'utf8'));
      }
    }
    expect((await callApi(fx.server, 'exportReport', { runId: 'no-such-run', format: 'json' })).status).toBe(404);
    expect((await callApi(fx.server, 'pickPaths', { kind: 'model' })).json).toMatchObject({ error: { code: 'UNSUPPORTED' } });
  });

  it('deletes a run', async () => {
    const dir = await runDirOf(runId);
    expect((await callApi(fx.server, 'deleteRun', { runId })).status).toBe(200);
    expect(existsSync(dir)).toBe(false);
    expect((await callApi(fx.server, 'readReport', { runId })).status).toBe(404);
  });

  it('answers bad parameters with a 400 naming the field, and unknown methods with 404', async () => {
    const bad = await callApi(fx.server, 'statPath', { path: '', kind: 'model' });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ error: { code: 'BAD_OPTION' } });
    expect((bad.json as { error: { message: string } }).error.message).toContain('path');
    expect((await callApi(fx.server, 'startJob', { kind: 'debug', params: { action: 'abort' } })).status).toBe(400);
    expect((await callApi(fx.server, 'noSuchMethod')).status).toBe(404);
  });
});

async function runDirOf(runId: string): Promise<string> {
  const runs = (await callApi(fx.server, 'listRuns')).json as Array<{ runId: string; runDir: string }>;
  const run = runs.find((r) => r.runId === runId);
  if (!run) throw new Error(`run ${runId} not listed`);
  return run.runDir;
}

function uploadForm(files: Array<{ name: string; bytes: Uint8Array<ArrayBuffer> | string }>): FormData {
  const form = new FormData();
  for (const file of files) form.append('file', new Blob([file.bytes]), encodeURIComponent(file.name));
  return form;
}

async function upload(kind: string, form: FormData): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`http://127.0.0.1:${fx.server.port}${WEB_ROUTES.upload(kind as 'images')}`, {
    method: 'POST',
    headers: bearer(fx.server),
    body: form,
  });
  return { status: res.status, json: await res.json() };
}

describe('uploads', () => {
  it('stores dropped folders under a fresh upload folder, keeping relative paths, and a job may use them', async () => {
    const images = readdirSync(path.join(sample.imagesDir, '0')).slice(0, 2);
    const files = await Promise.all(
      images.map(async (name) => ({ name: `my set/0/${name}`, bytes: new Uint8Array(await fs.readFile(path.join(sample.imagesDir, '0', name))) })),
    );
    const res = await upload('images', uploadForm(files));
    expect(res.status).toBe(200);
    const { root, paths } = res.json as { root: string; paths: string[] };
    expect(path.dirname(root)).toBe(path.join(fx.dataDir, 'uploads'));
    expect(paths.map((p) => path.relative(root, p))).toEqual(images.map((n) => path.join('my set', '0', n)));
    for (const [i, p] of paths.entries()) expect(Buffer.compare(await fs.readFile(p), Buffer.from(files[i]!.bytes))).toBe(0);

    const stat = (await callApi(fx.server, 'statPath', { path: path.join(root, 'my set'), kind: 'images' })).json;
    expect(stat).toMatchObject({ exists: true, imageCount: 2, problem: null });
    const jobId = await startJob('compare', { ...smallCompare(sample, 2), images: path.join(root, 'my set'), labels: null });
    const sse = await connectEvents(fx.server.port, bearer(fx.server));
    try {
      const done = (await sse.waitFor(jobEvent(jobId, (j) => j.finishedAt !== null))) as { job: JobSnapshot };
      expect(done.job.status, JSON.stringify(done.job.error)).toBe('done');
      expect((done.job.result as { summary: { images: number } }).summary.images).toBe(2);
    } finally {
      sse.close();
    }
  });

  it.each([
    ['../../escape.png'],
    ['a/../../escape.png'],
    ['%2e%2e%2fescape.png'],
    ['..'],
  ])('refuses the file name %j and leaves nothing behind', async (name) => {
    const before = readdirSync(path.join(fx.dataDir, 'uploads'));
    const form = new FormData();
    form.append('file', new Blob(['x']), name.startsWith('%') ? name : encodeURIComponent(name));
    const res = await upload('images', form);
    expect(res.status).toBe(400);
    expect(readdirSync(path.join(fx.dataDir, 'uploads'))).toEqual(before);
    expect(existsSync(path.join(fx.dataDir, 'escape.png'))).toBe(false);
    expect(existsSync(path.join(path.dirname(fx.dataDir), 'escape.png'))).toBe(false);
  });

  it('sanitises odd characters instead of failing', async () => {
    const res = await upload('labels', uploadForm([{ name: 'we<i>rd:name?.txt', bytes: '0\n180\n' }]));
    expect(res.status).toBe(200);
    expect(path.basename((res.json as { paths: string[] }).paths[0]!)).toBe('we_i_rd_name_.txt');
  });

  it('refuses a file over the per-file limit, an upload over the per-request limit and too many files', async () => {
    const before = readdirSync(path.join(fx.dataDir, 'uploads'));
    const big = await upload('model', uploadForm([{ name: 'big.onnx', bytes: new Uint8Array(64 * 1024 + 1) }]));
    expect(big.status).toBe(413);
    expect(big.json).toMatchObject({ error: { details: { reason: 'too-large' } } });
    const many = await upload('images', uploadForm(Array.from({ length: 5 }, (_, i) => ({ name: `f${i}.png`, bytes: new Uint8Array(60 * 1024) }))));
    expect(many.status).toBe(413);
    const count = await upload('images', uploadForm(Array.from({ length: 6 }, (_, i) => ({ name: `f${i}.png`, bytes: 'x' }))));
    expect(count.status).toBe(413);
    expect(readdirSync(path.join(fx.dataDir, 'uploads'))).toEqual(before);
  });

  it('refuses a body that is not multipart, and an unknown kind', async () => {
    const res = await rawRequest({ port: fx.server.port, method: 'POST', path: WEB_ROUTES.upload('images'), headers: { ...bearer(fx.server), 'Content-Type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(400);
    expect((await upload('weights', uploadForm([{ name: 'a.txt', bytes: 'a' }]))).status).toBe(400);
  });
});

describe('the renderer build', () => {
  it('is served with a strict CSP, with index.html for app routes and 404 for missing files', async () => {
    const index = await rawRequest({ port: fx.server.port, path: '/', headers: bearer(fx.server) });
    expect(index.status).toBe(200);
    const csp = index.headers['content-security-policy'] as string;
    expect(csp).toBe(rendererCsp('web'));
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("img-src 'self' data: blob:");
    expect(csp).toContain("frame-ancestors 'none'");
    const script = await rawRequest({ port: fx.server.port, path: '/assets/app.js', headers: bearer(fx.server) });
    expect(script.headers['content-type']).toMatch(/^text\/javascript/);
    expect(script.body).toContain('textContent');
    expect((await rawRequest({ port: fx.server.port, path: '/runs/some-run', headers: bearer(fx.server) })).body).toContain('<div id="root">');
    expect((await rawRequest({ port: fx.server.port, path: '/assets/missing.js', headers: bearer(fx.server) })).status).toBe(404);
  });
});
