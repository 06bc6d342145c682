/**
 * Parity's KServe v2 client against a Python peer (httpx with keep-alive, the client kserve's own SDK uses) on the
 * same real server and the same tensors, rounds interleaved: per-request latency seen by each client, JSON and
 * binary tensors. The server is tools/serving/kserve_classifier.py serving the PaddleOCR classifier.
 *
 *   npm run build && node dist/bench/serving-peer.js --python <venv>/bin/python [--images 40] [--rounds 6]
 * The venv needs kserve, onnxruntime, httpx, numpy, pillow (bash .ci/serving-acceptance makes one).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { exportScript } from '../main/engine/export-script/python-script.js';
import { parseNpy } from '../main/engine/numpy/npy.js';
import { ocrModelFile } from '../main/engine/samples/ocr-models.js';
import { HttpClient } from '../main/engine/serving/http-client.js';
import { KServeV2Client } from '../main/engine/serving/kserve-v2-client.js';
import { parseEndpointUrl, type EndpointAddress } from '../shared/serving.js';
import { PreprocessSpecSchema } from '../shared/preprocess.js';

function argument(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}

const python = argument('python', path.join(os.homedir(), '.cache/parity-ci/serving-venv/bin/python'));
const count = Number(argument('images', '40'));
const rounds = Number(argument('rounds', '6'));
const model = ocrModelFile('classifier');
const root = path.resolve('samples/orientation');

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

const work = mkdtempSync(path.join(os.tmpdir(), 'parity-serving-peer-'));
const port = await freePort();
const server = spawn(python, ['tools/serving/kserve_classifier.py', model, '--port', String(port), '--model', 'cls=onnxruntime'], { stdio: 'ignore' });
try {
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (await fetch(`${base}/v2/models/cls/ready`).then((r) => r.ok, () => false)) break;
    if (i > 480) throw new Error('the KServe server did not start');
    await new Promise((r) => setTimeout(r, 500));
  }
  // The same tensors for both clients: the export script's preprocessing, saved once.
  const spec = PreprocessSpecSchema.parse(JSON.parse(readFileSync(path.join(root, 'preprocess.json'), 'utf8')));
  writeFileSync(path.join(work, 'export.py'), exportScript('onnxruntime', spec, 'bench'));
  execFileSync(python, [path.join(work, 'export.py'), model, path.join(root, 'images/0'), path.join(work, 'out'), '--save-inputs', path.join(work, 'in')]);
  const files = readdirSync(path.join(work, 'in')).sort().slice(0, count);
  const tensors = files.map((f) => {
    const a = parseNpy(readFileSync(path.join(work, 'in', f)));
    return { data: a.data, dims: a.shape, dtype: 'float32' as const };
  });
  // The peer reads the same sorted files and sends the first `count` of them.
  const peer = spawn(python, ['bench/serving-peer.py', base, 'cls', 'x', path.join(work, 'in')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: peer.stdout })[Symbol.asyncIterator]();
  const peerRound = async (mode: string): Promise<number[]> => {
    peer.stdin.write(`${mode} ${count}\n`);
    return JSON.parse(String((await lines.next()).value)) as number[];
  };
  const address = parseEndpointUrl(`${base}/v2/models/cls`) as EndpointAddress;
  const clients = {
    json: new KServeV2Client(address, new HttpClient({ timeoutMs: 60_000, retries: 0, ca: null, insecure: false, headers: {} }), 'json'),
    binary: new KServeV2Client(address, new HttpClient({ timeoutMs: 60_000, retries: 0, ca: null, insecure: false, headers: {} }), 'binary'),
  };
  const ours: Record<string, number[]> = { json: [], binary: [] };
  const theirs: Record<string, number[]> = { json: [], binary: [] };
  for (const client of Object.values(clients)) await client.describe();
  for (let r = 0; r < rounds; r++) {
    for (const mode of ['json', 'binary'] as const) {
      const order = r % 2 === 0 ? ['parity', 'peer'] : ['peer', 'parity'];
      for (const who of order) {
        if (who === 'peer') theirs[mode]!.push(...(await peerRound(mode)));
        else
          for (const t of tensors) {
            const t0 = performance.now();
            await clients[mode].infer('x', t);
            ours[mode]!.push(performance.now() - t0);
          }
      }
    }
  }
  peer.stdin.end();
  for (const client of Object.values(clients)) client.close();
  const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? 'unknown CPU';
  process.stdout.write(`KServe v2 client latency, ${count} images × ${rounds} interleaved rounds, kserve server with ONNX Runtime, ${cpu}, ${os.cpus().length} cores\n`);
  for (const mode of ['json', 'binary'] as const) {
    const a = ours[mode]!;
    const b = theirs[mode]!;
    process.stdout.write(`${mode.padEnd(6)}  Parity p50 ${median(a).toFixed(2)} ms mean ${mean(a).toFixed(2)} ms   Python httpx p50 ${median(b).toFixed(2)} ms mean ${mean(b).toFixed(2)} ms   Parity ÷ peer (p50) ${(median(a) / median(b)).toFixed(2)}\n`);
  }
} finally {
  server.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}
