/**
 * Comparisons whose sides are serving endpoints, against a real HTTP(S) server in this process speaking KServe v2
 * (JSON and binary tensors) or TF Serving REST, backed by the real PaddleOCR classifier in ONNX Runtime.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CompareParamsSchema, type CompareParams } from '../../../shared/contract/jobs/compare.js';
import { ParityError } from '../../../shared/errors.js';
import { ParityReportSchema, type ParityReport } from '../../../shared/report/report.js';
import { createJobContext } from '../../../main/engine/jobs/context.js';
import { runComparison } from '../../../main/engine/parity/compare/run-comparison.js';
import { escapeHtml } from '../../../main/engine/report/html/html.js';
import { removeScratchDirs, SAMPLE, scratchDir } from '../../helpers/cli.js';
import { startInferenceServer, TEST_CA, type ServerOptions, type TestServer } from './support/inference-server.js';

const PREPROCESS = JSON.parse(readFileSync(SAMPLE.preprocess, 'utf8')) as Record<string, unknown>;
const servers: TestServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  removeScratchDirs();
});

async function serve(options: Omit<ServerOptions, 'model'>): Promise<TestServer> {
  const server = await startInferenceServer({ model: SAMPLE.model, ...options });
  servers.push(server);
  return server;
}

let lastRunDir = '';
async function compare(params: Partial<CompareParams>): Promise<ParityReport> {
  const runDir = path.join(scratchDir('parity-endpoint-'), 'run');
  lastRunDir = runDir;
  const ctx = createJobContext('test', new AbortController().signal, () => {}, () => {});
  await runComparison(CompareParamsSchema.parse({ images: SAMPLE.images, labels: SAMPLE.labels, preprocess: PREPROCESS, maxImages: 24, bench: false, runDir, ...params }), ctx);
  return ParityReportSchema.parse(JSON.parse(readFileSync(path.join(runDir, 'report.json'), 'utf8')));
}

async function failure(params: Partial<CompareParams>): Promise<ParityError> {
  const error = await compare(params).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ParityError);
  return error as ParityError;
}

describe('a KServe v2 endpoint as a side', () => {
  it('JSON: the served model agrees with the local one, and the serving pass times both at 1 and 4 clients', async () => {
    const server = await serve({ protocol: 'kserve-v2', name: 'cls' });
    const report = await compare({ reference: SAMPLE.model, candidateUrl: server.url, concurrency: [1, 4] });
    expect(report.images.count).toBe(24);
    expect(report.summary.clean.top1Agreement).toBe(1);
    expect(report.summary.clean.maxAbsDiff).toBeLessThan(1e-5);
    expect(report.models.candidate).toMatchObject({ path: server.url, sha256: null, sizeBytes: null });
    expect(report.models.candidate.source).toMatchObject({ kind: 'endpoint', protocol: 'kserve-v2', model: 'cls', server: 'parity-test-server 1', wire: 'JSON', metadata: true, renamed: [] });
    expect(report.models.reference.source).toEqual({ kind: 'onnx' });
    // "auto": one binary-tensor probe (this server refuses it, as MLServer does), then JSON throughout.
    expect(server.contentTypes[0]).toBe('application/octet-stream');
    expect(server.contentTypes.slice(1).every((t) => t === 'application/json')).toBe(true);
    const serving = report.servingRun!;
    expect(serving.levels).toEqual([1, 4]);
    expect(serving.sides.map((s) => s.role)).toEqual(['reference', 'candidate']);
    for (const side of serving.sides) {
      expect(side.levels.map((l) => l.requests)).toEqual([24, 24]);
      expect(side.levels.every((l) => l.top1Changed === 0 && l.wallMs > 0 && l.latencyMs.p50 > 0)).toBe(true);
    }
    expect(serving.ratios.map((r) => r.concurrency)).toEqual([1, 4]);
    for (const r of serving.ratios) expect(r.ci95[0]).toBeLessThanOrEqual(r.timeRatio + 1e-12);
    // Four clients really kept four requests in flight at the server.
    expect(server.maxInFlight).toBeGreaterThanOrEqual(2);
    // The probe, 1 warm-up, 24 compared, 2 × 24 served.
    expect(server.inferences).toBe(1 + 1 + 24 + 48);
    expect(serving.headline).toMatch(/^The candidate serves the 24 images in .+ sequentially .+ and .+ with 4 parallel clients/);
    // The HTML report's serving section: the headline, a row per side and level, the ratio with its interval.
    const page = readFileSync(path.join(lastRunDir, 'report.html'), 'utf8');
    const section = page.slice(page.indexOf('<section class="report-section" id="serving"'));
    expect(section.length).toBeLessThan(page.length);
    expect(section).toContain(escapeHtml(serving.headline));
    expect(section.match(/<span class="role-dot (reference|candidate)"><\/span> (reference|candidate)<\/td>/g)).toHaveLength(4);
    expect(section).toContain('95% CI');
    expect(page).toContain('<a href="#serving">Serving</a>');
  });

  it('binary tensors: used when the server lists the extension, found by a probe when it does not, JSON when it refuses them', async () => {
    const listed = await serve({ protocol: 'kserve-v2', name: 'cls', binary: true, listBinary: true });
    const probed = await serve({ protocol: 'kserve-v2', name: 'cls', binary: true });
    const refuses = await serve({ protocol: 'kserve-v2', name: 'cls' });
    const viaListed = await compare({ reference: SAMPLE.model, candidateUrl: listed.url, maxImages: 8 });
    expect(viaListed.models.candidate.source).toMatchObject({ wire: 'binary tensors' });
    expect(listed.contentTypes.every((t) => t === 'application/octet-stream')).toBe(true);
    // Binary tensors carry the float32 bytes: the answers equal the local model's bit for bit when the kernels agree.
    expect(viaListed.summary.clean.maxAbsDiff).toBeLessThan(1e-5);
    const viaProbe = await compare({ reference: SAMPLE.model, candidateUrl: probed.url, maxImages: 8 });
    expect(viaProbe.models.candidate.source).toMatchObject({ wire: 'binary tensors' });
    const viaRefusal = await compare({ reference: SAMPLE.model, candidateUrl: refuses.url, maxImages: 8 });
    expect(viaRefusal.models.candidate.source).toMatchObject({ wire: 'JSON' });
    expect(refuses.contentTypes[0]).toBe('application/octet-stream');
    expect(refuses.contentTypes.slice(1).every((t) => t === 'application/json')).toBe(true);
    expect(viaRefusal.summary.clean.top1Agreement).toBe(1);
  });

  it('a served model whose input and output are named otherwise is renamed, and the report says so', async () => {
    const server = await serve({ protocol: 'kserve-v2', name: 'cls', inputName: 'input_1', outputName: 'probabilities' });
    const report = await compare({ reference: SAMPLE.model, candidateUrl: server.url, maxImages: 8, endpoint: { wire: 'json' } });
    expect(report.summary.clean.top1Agreement).toBe(1);
    const source = report.models.candidate.source;
    expect(source?.kind === 'endpoint' && source.renamed).toEqual([
      { kind: 'input', served: 'input_1', pair: 'x' },
      { kind: 'output', served: 'probabilities', pair: 'softmax_0.tmp_0' },
    ]);
  });

  it('a server that drifts from the local model shows it in the metrics', async () => {
    const server = await serve({ protocol: 'kserve-v2', name: 'cls', offset: 0.01 });
    const report = await compare({ reference: SAMPLE.model, candidateUrl: server.url, maxImages: 8 });
    expect(report.summary.clean.maxAbsDiff).toBeCloseTo(0.01, 4);
    expect(report.summary.clean.allcloseRate).toBe(0);
  });

  it('an unknown model name is refused with the models the server has', async () => {
    const server = await serve({ protocol: 'kserve-v2', name: 'cls' });
    const error = await failure({ reference: SAMPLE.model, candidateUrl: `${server.base}/v2/models/nope` });
    expect(error.code).toBe('ENDPOINT_ERROR');
    expect(error.message).toMatch(/has no model "nope": HTTP 404/);
    expect(error.hint).toBe('Models it serves: cls.');
  });

  it('retries 503s with backoff, and says how many attempts failed when they never stop', async () => {
    const flaky = await serve({ protocol: 'kserve-v2', name: 'cls', failFirst: 2 });
    const report = await compare({ reference: SAMPLE.model, candidateUrl: flaky.url, maxImages: 4, endpoint: { wire: 'json' } });
    expect(report.images.count).toBe(4);
    expect(flaky.inferences).toBe(2 + 1 + 4 + 4);
    const down = await serve({ protocol: 'kserve-v2', name: 'cls', failFirst: 1000 });
    const error = await failure({ reference: SAMPLE.model, candidateUrl: down.url, endpoint: { retries: 2 } });
    expect(error.code).toBe('ENDPOINT_ERROR');
    expect(error.message).toMatch(/failed after 3 attempts: HTTP 503: model is loading/);
  });

  it('a request slower than --timeout fails the run with the time it waited', async () => {
    const slow = await serve({ protocol: 'kserve-v2', name: 'cls', delayMs: 1500 });
    const error = await failure({ reference: SAMPLE.model, candidateUrl: slow.url, endpoint: { timeoutMs: 200, retries: 0 } });
    expect(error.code).toBe('ENDPOINT_ERROR');
    expect(error.message).toMatch(/no complete answer within 200 ms/);
  });

  it('an auth header from an environment variable; missing, it is a clear refusal', async () => {
    const server = await serve({ protocol: 'kserve-v2', name: 'cls', auth: 'Bearer s3cret' });
    const unset = await failure({ reference: SAMPLE.model, candidateUrl: server.url, endpoint: { authEnv: 'PARITY_TEST_TOKEN_UNSET' } });
    expect(unset.code).toBe('BAD_OPTION');
    expect(unset.message).toMatch(/PARITY_TEST_TOKEN_UNSET \(--auth-env\) is not set/);
    const refused = await failure({ reference: SAMPLE.model, candidateUrl: server.url });
    expect(refused.message).toMatch(/has no model "cls": HTTP 401/);
    process.env.PARITY_TEST_TOKEN = 'Bearer s3cret';
    try {
      const report = await compare({ reference: SAMPLE.model, candidateUrl: server.url, maxImages: 4, endpoint: { authEnv: 'PARITY_TEST_TOKEN' } });
      expect(report.images.count).toBe(4);
      // The secret is named, never stored.
      expect(JSON.stringify(report)).not.toContain('s3cret');
    } finally {
      delete process.env.PARITY_TEST_TOKEN;
    }
  });

  it('TLS: trusted through --ca-file, refused without it, accepted with --insecure', async () => {
    const server = await serve({ protocol: 'kserve-v2', name: 'cls', tls: true });
    expect(server.url).toMatch(/^https:/);
    const untrusted = await failure({ reference: SAMPLE.model, candidateUrl: server.url });
    expect(untrusted.code).toBe('ENDPOINT_ERROR');
    expect(untrusted.message).toMatch(/TLS connection was refused/);
    expect(untrusted.hint).toMatch(/--ca-file/);
    const trusted = await compare({ reference: SAMPLE.model, candidateUrl: server.url, maxImages: 4, endpoint: { caFile: TEST_CA } });
    expect(trusted.summary.clean.top1Agreement).toBe(1);
    const insecure = await compare({ reference: SAMPLE.model, candidateUrl: server.url, maxImages: 4, endpoint: { insecure: true } });
    expect(insecure.images.count).toBe(4);
  });
});

describe('a TF Serving REST endpoint as a side', () => {
  it('with a signature from the metadata endpoint, the served names mapped onto the local model\'s', async () => {
    const server = await serve({ protocol: 'tf-serving', name: 'cls', tfMetadata: true, inputName: 'input_1', outputName: 'output_0' });
    const report = await compare({ reference: SAMPLE.model, candidateUrl: server.url, maxImages: 8 });
    expect(report.summary.clean.top1Agreement).toBe(1);
    expect(report.summary.clean.maxAbsDiff).toBeLessThan(1e-5);
    expect(report.models.candidate.source).toMatchObject({ protocol: 'tf-serving', wire: 'JSON (row format)', metadata: true, server: 'TensorFlow Serving' });
  });

  it('without a metadata endpoint (KServe\'s v1 protocol): its one prediction is named after the other side\'s output', async () => {
    const server = await serve({ protocol: 'tf-serving', name: 'cls' });
    const report = await compare({ reference: SAMPLE.model, candidateUrl: server.url, maxImages: 8 });
    expect(report.summary.clean.top1Agreement).toBe(1);
    expect(report.models.candidate.source).toMatchObject({ metadata: false });
    expect(report.models.candidate.outputs.map((o) => o.name)).toEqual(['softmax_0.tmp_0']);
  });

  it('two deployed servers compared with each other (KServe v2 reference, TF Serving candidate), under a perturbation too', async () => {
    const kserve = await serve({ protocol: 'kserve-v2', name: 'cls', binary: true });
    const tf = await serve({ protocol: 'tf-serving', name: 'cls', tfMetadata: true });
    const report = await compare({ referenceUrl: kserve.url, candidateUrl: tf.url, maxImages: 8, perturb: ['gaussian_noise'], severities: [2], concurrency: [1, 2] });
    expect(report.summary.clean.top1Agreement).toBe(1);
    expect(report.models.reference.source?.kind).toBe('endpoint');
    expect(report.perturbations?.[0]).toMatchObject({ name: 'gaussian_noise', severity: 2 });
    expect(report.servingRun?.sides.map((s) => s.label)).toEqual([`cls on KServe v2 at ${kserve.url}`, `cls on TF Serving REST at ${tf.url}`]);
    expect(report.performance).toBeUndefined();
  });
});
