/**
 * Acceptance against what runs in production, with real packages from PyPI (installed by .ci/serving-acceptance in
 * a virtual environment, whose python PARITY_ACCEPT_PYTHON names):
 * - export-script under ONNX Runtime and OpenVINO on the PaddleOCR classifier: the saved outputs, compared with
 *   Parity's own run of the same model, agree on every top-1;
 * - a real KServe model server (the `kserve` package) serving that classifier with ONNX Runtime and with OpenVINO on
 *   127.0.0.1, through its KServe v2 protocol (binary tensors and JSON) and its TF-Serving-shaped v1 protocol:
 *   compared with the local model and with each other, with the serving pass at 1 and 4 clients.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, removeScratchDirs, runCli, SAMPLE, scratchDir } from '../helpers/cli.js';

const PYTHON = process.env.PARITY_ACCEPT_PYTHON ?? '';
const OPENVINO = process.env.PARITY_ACCEPT_OPENVINO === '1';
const IMAGES = '60';
const RUN_TIMEOUT = 540_000;

interface Report {
  summary: { clean: { images: number; top1Agreement: number; maxAbsDiff: number } };
  models: Record<'reference' | 'candidate', { source?: { kind: string; wire?: string; server?: string | null; protocol?: string } }>;
  servingRun?: { levels: number[]; sides: { role: string; levels: { concurrency: number; requests: number; imagesPerSec: number; top1Changed: number | null }[] }[]; ratios: { concurrency: number; ci95: [number, number] }[] };
}

function report(dir: string): Report {
  return JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as Report;
}

function runProcess(command: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitReady(base: string, models: string[], server: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 240_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`the KServe server exited (${server.exitCode}):\n${log()}`);
    const ready = await Promise.all(models.map((m) => fetch(`${base}/v2/models/${m}/ready`).then((r) => r.ok, () => false)));
    if (ready.every(Boolean)) return;
    if (Date.now() > deadline) throw new Error(`the KServe server was not ready within 240 s:\n${log()}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const compareArgs = ['--images', SAMPLE.images, '--preprocess', SAMPLE.preprocess, '--max-images', IMAGES, '--no-bench', '--quiet'];

describe.runIf(PYTHON !== '')('against PyPI frameworks and a real KServe server', () => {
  let work: string;
  let server: ChildProcess | null = null;
  let serverLog = '';
  let base = '';
  const served = ['cls-ort', ...(OPENVINO ? ['cls-ov'] : [])];

  beforeAll(async () => {
    work = scratchDir('parity-accept-serving-');
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = spawn(PYTHON, [path.join(ROOT, 'tools/serving/kserve_classifier.py'), SAMPLE.model, '--port', String(port), ...served.flatMap((m) => ['--model', `${m}=${m === 'cls-ov' ? 'openvino' : 'onnxruntime'}`])], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout!.on('data', (d: Buffer) => (serverLog = (serverLog + d.toString()).slice(-4000)));
    server.stderr!.on('data', (d: Buffer) => (serverLog = (serverLog + d.toString()).slice(-4000)));
    await waitReady(base, served, server, () => serverLog);
  });

  afterAll(() => {
    server?.kill('SIGTERM');
    removeScratchDirs();
  });

  it.each(OPENVINO ? ['onnxruntime', 'openvino'] : ['onnxruntime'])('export-script under %s: the saved outputs agree with Parity\'s run on every top-1', async (framework) => {
    const script = path.join(work, `save_${framework}.py`);
    const made = await runCli(['export-script', '--framework', framework, '--preprocess', SAMPLE.preprocess, '-o', script]);
    expect(made.code, made.stderr).toBe(0);
    const outputs = path.join(work, `${framework}-outputs`);
    const saved = await runProcess(PYTHON, [script, SAMPLE.model, SAMPLE.images, outputs]);
    expect(saved.code, saved.output).toBe(0);
    expect(saved.output).toContain('saved outputs of 200 images');
    const out = path.join(work, `run-${framework}`);
    const run = await runCli(['compare', '--reference-outputs', outputs, SAMPLE.model, '--images', SAMPLE.images, '--preprocess', SAMPLE.preprocess, '--no-bench', '--quiet', '--out', out], { timeoutMs: RUN_TIMEOUT });
    expect(run.code, run.stderr).toBe(0);
    const r = report(out);
    expect(r.summary.clean.images).toBe(200);
    expect(r.summary.clean.top1Agreement).toBe(1);
    expect(r.models.reference.source?.kind).toBe('outputs');
  });

  it('the local model against the served one (KServe v2, binary tensors found by a probe), serving pass at 1 and 4 clients', async () => {
    const out = path.join(work, 'run-v2');
    const run = await runCli(['compare', SAMPLE.model, '--candidate-url', `${base}/v2/models/cls-ort`, ...compareArgs, '--concurrency', '1,4', '--out', out], { timeoutMs: RUN_TIMEOUT });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Serving:');
    const r = report(out);
    expect(r.summary.clean.images).toBe(Number(IMAGES));
    expect(r.summary.clean.top1Agreement).toBe(1);
    expect(r.summary.clean.maxAbsDiff).toBeLessThan(1e-5);
    expect(r.models.candidate.source).toMatchObject({ kind: 'endpoint', protocol: 'kserve-v2', wire: 'binary tensors', server: expect.stringMatching(/^kserve /) });
    const serving = r.servingRun!;
    expect(serving.levels).toEqual([1, 4]);
    expect(serving.sides.map((s) => s.role)).toEqual(['reference', 'candidate']);
    for (const side of serving.sides) {
      for (const level of side.levels) {
        expect(level.requests).toBe(Number(IMAGES));
        expect(level.imagesPerSec).toBeGreaterThan(0);
        expect(level.top1Changed).toBe(0);
      }
    }
    expect(serving.ratios.map((x) => x.concurrency)).toEqual([1, 4]);
    for (const ratio of serving.ratios) expect(ratio.ci95[0]).toBeLessThanOrEqual(ratio.ci95[1]);
  });

  it('two served models compared with each other: TF-Serving-shaped v1 protocol against KServe v2 in JSON', async () => {
    const candidate = OPENVINO ? 'cls-ov' : 'cls-ort';
    const out = path.join(work, 'run-v1-v2');
    const run = await runCli(['compare', '--reference-url', `${base}/v1/models/cls-ort`, '--candidate-url', `${base}/v2/models/${candidate}`, '--wire', 'json', ...compareArgs, '--perturb', 'gaussian_noise', '--severity', '3', '--out', out], { timeoutMs: RUN_TIMEOUT });
    expect(run.code, run.stderr).toBe(0);
    const r = report(out);
    expect(r.summary.clean.images).toBe(Number(IMAGES));
    expect(r.summary.clean.top1Agreement).toBe(1);
    // ONNX Runtime and OpenVINO differ in float rounding only.
    expect(r.summary.clean.maxAbsDiff).toBeLessThan(1e-3);
    expect(r.models.reference.source).toMatchObject({ kind: 'endpoint', protocol: 'tf-serving' });
    expect(r.models.candidate.source).toMatchObject({ kind: 'endpoint', protocol: 'kserve-v2', wire: 'JSON' });
  });

  it('a model the server does not have is refused with the names it serves (exit 2)', async () => {
    const run = await runCli(['compare', SAMPLE.model, '--candidate-url', `${base}/v2/models/no-such-model`, ...compareArgs, '--out', path.join(work, 'never')], { timeoutMs: RUN_TIMEOUT });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no-such-model');
    expect(run.stderr).toContain('cls-ort');
  });
});

describe.runIf(PYTHON === '')('against PyPI frameworks and a real KServe server', () => {
  it.skip('needs PARITY_ACCEPT_PYTHON: run bash .ci/serving-acceptance, which installs kserve, onnxruntime and openvino', () => {});
});
