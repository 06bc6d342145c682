/**
 * A small real inference server for the endpoint tests: real sockets, the real protocol bytes (KServe v2 JSON and
 * the binary-tensor extension, TF Serving's REST row format and metadata), and a real ONNX Runtime session behind
 * it. Faults a production server shows can be switched on: 503s, slowness, an auth header it insists on, TLS, a
 * renamed input or output, no metadata endpoint (as KServe's v1 protocol).
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ModelSession } from '../../../../main/engine/infer/model-session.js';

export interface ServerOptions {
  model: string;
  name: string;
  protocol: 'kserve-v2' | 'tf-serving';
  /** KServe v2: read binary-tensor requests (else answer 400 to them, as MLServer does). */
  binary?: boolean;
  /** KServe v2: list binary_tensor_data in the server metadata. */
  listBinary?: boolean;
  /** TF Serving: answer the metadata endpoint (else 404, as KServe's v1 protocol). */
  tfMetadata?: boolean;
  /** The served input's and output's names (default: the model's). */
  inputName?: string;
  outputName?: string;
  /** Answer the first n inference requests with 503. */
  failFirst?: number;
  /** Hold every inference answer this long. */
  delayMs?: number;
  /** Refuse (401) any request without this Authorization value. */
  auth?: string;
  tls?: boolean;
  /** Add this to every output value (a server that drifts from the local model). */
  offset?: number;
}

export interface TestServer {
  url: string;
  base: string;
  /** Inference requests seen, and their content types. */
  inferences: number;
  contentTypes: string[];
  maxInFlight: number;
  close(): Promise<void>;
}

const TLS_DIR = path.resolve(__dirname, '../../../fixtures/tls');

function json(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function nested(values: Float32Array, dims: readonly number[]): unknown {
  if (dims.length === 0) return values[0];
  const [first, ...rest] = dims;
  const size = rest.reduce((a, b) => a * b, 1);
  return Array.from({ length: first! }, (_, i) => nested(values.subarray(i * size, (i + 1) * size), rest));
}

function flatten(value: unknown): number[] {
  return Array.isArray(value) ? value.flatMap(flatten) : [Number(value)];
}

export async function startInferenceServer(options: ServerOptions): Promise<TestServer> {
  const session = await ModelSession.open(options.model, { threads: 1, optimizationLevel: 'all' });
  const signature = session.signature();
  const modelInput = signature.inputs[0]!;
  const modelOutput = signature.outputs[0]!;
  const inputName = options.inputName ?? modelInput.name;
  const outputName = options.outputName ?? modelOutput.name;
  let failures = options.failFirst ?? 0;
  let inFlight = 0;

  const infer = async (data: Float32Array, dims: number[]): Promise<{ values: Float32Array; dims: number[] }> => {
    const result = await session.run({ [modelInput.name]: { data, dims, dtype: 'float32' } });
    const out = result[modelOutput.name]!;
    const values = options.offset ? out.data.map((v) => v + options.offset!) : out.data;
    if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
    return { values, dims: out.dims };
  };

  const kserve = async (req: http.IncomingMessage, res: http.ServerResponse, url: string): Promise<void> => {
    const prefix = `/v2/models/${options.name}`;
    if (req.method === 'GET' && url === '/v2') {
      return json(res, 200, { name: 'parity-test-server', version: '1', extensions: options.listBinary ? ['binary_tensor_data'] : [] });
    }
    if (req.method === 'POST' && url === '/v2/repository/index') return json(res, 200, [{ name: options.name, state: 'READY' }]);
    if (!url.startsWith(prefix)) return json(res, 404, { error: `Model ${url.split('/')[3]} not found` });
    if (req.method === 'GET' && url === prefix) {
      return json(res, 200, {
        name: options.name,
        platform: 'onnxruntime',
        inputs: [{ name: inputName, datatype: 'FP32', shape: modelInput.shape!.map((d) => (typeof d === 'number' ? d : -1)) }],
        outputs: [{ name: outputName, datatype: 'FP32', shape: modelOutput.shape!.map((d) => (typeof d === 'number' ? d : -1)) }],
      });
    }
    if (req.method === 'GET' && url === `${prefix}/ready`) return json(res, 200, { name: options.name, ready: true });
    if (req.method !== 'POST' || url !== `${prefix}/infer`) return json(res, 404, { error: 'no such route' });
    const body = await readBody(req);
    const headerLength = req.headers['inference-header-content-length'];
    const binary = headerLength !== undefined;
    if (binary && !options.binary) return json(res, 400, { error: 'binary tensor data is not supported' });
    const jsonPart = binary ? body.subarray(0, Number(headerLength)) : body;
    const request = JSON.parse(jsonPart.toString('utf8')) as {
      inputs: Array<{ name: string; shape: number[]; datatype: string; data?: unknown; parameters?: { binary_data_size?: number } }>;
      parameters?: { binary_data_output?: boolean };
    };
    const input = request.inputs[0]!;
    if (input.name !== inputName) return json(res, 400, { error: `unexpected inference input '${input.name}' for model '${options.name}'` });
    let data: Float32Array;
    if (input.parameters?.binary_data_size !== undefined) {
      const bytes = body.subarray(jsonPart.length, jsonPart.length + input.parameters.binary_data_size);
      data = new Float32Array(new Uint8Array(bytes).buffer);
    } else data = Float32Array.from(flatten(input.data));
    const out = await infer(data, input.shape);
    if (request.parameters?.binary_data_output) {
      const bytes = Buffer.from(out.values.buffer, out.values.byteOffset, out.values.byteLength);
      const header = Buffer.from(JSON.stringify({ model_name: options.name, outputs: [{ name: outputName, datatype: 'FP32', shape: out.dims, parameters: { binary_data_size: bytes.length } }] }));
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'inference-header-content-length': header.length, 'content-length': header.length + bytes.length });
      res.end(Buffer.concat([header, bytes]));
      return;
    }
    json(res, 200, { model_name: options.name, outputs: [{ name: outputName, datatype: 'FP32', shape: out.dims, data: Array.from(out.values) }] });
  };

  const tfServing = async (req: http.IncomingMessage, res: http.ServerResponse, url: string): Promise<void> => {
    const prefix = `/v1/models/${options.name}`;
    if (req.method === 'GET' && url === '/v1/models') return json(res, 200, { models: [options.name] });
    if (!url.startsWith(prefix)) return json(res, 404, { error: `Servable not found for request: Latest(${url.split('/')[3]})` });
    if (req.method === 'GET' && url === prefix) return json(res, 200, { model_version_status: [{ version: '1', state: 'AVAILABLE', status: { error_code: 'OK', error_message: '' } }] });
    if (req.method === 'GET' && url === `${prefix}/metadata`) {
      if (!options.tfMetadata) return json(res, 404, { error: 'Not Found' });
      const tensor = (name: string, shape: readonly (number | string | null)[] | null): unknown => ({
        dtype: 'DT_FLOAT',
        tensor_shape: { dim: (shape ?? []).map((d) => ({ size: String(typeof d === 'number' ? d : -1), name: '' })), unknown_rank: false },
        name: `serving_default_${name}:0`,
      });
      return json(res, 200, {
        model_spec: { name: options.name, signature_name: '', version: '1' },
        metadata: { signature_def: { signature_def: { serving_default: { inputs: { [inputName]: tensor(inputName, modelInput.shape) }, outputs: { [outputName]: tensor(outputName, modelOutput.shape) }, method_name: 'tensorflow/serving/predict' } } } },
      });
    }
    if (req.method !== 'POST' || url !== `${prefix}:predict`) return json(res, 404, { error: 'Not Found' });
    const request = JSON.parse((await readBody(req)).toString('utf8')) as { instances: unknown[] };
    const instance = request.instances[0];
    const dims = [1];
    for (let probe: unknown = instance; Array.isArray(probe); probe = probe[0]) dims.push(probe.length);
    const out = await infer(Float32Array.from(flatten(instance)), dims);
    json(res, 200, { predictions: [nested(out.values, out.dims.slice(1))] });
  };

  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const url = (req.url ?? '/').split('?')[0]!;
    if (options.auth !== undefined && req.headers.authorization !== options.auth) return json(res, 401, { error: 'Unauthorized' });
    const isInference = req.method === 'POST' && /\/infer$|:predict$/.test(url);
    if (isInference) {
      server_.inferences++;
      server_.contentTypes.push(String(req.headers['content-type']));
      if (failures > 0) {
        failures--;
        req.resume();
        return json(res, 503, { error: 'model is loading' });
      }
    }
    inFlight++;
    server_.maxInFlight = Math.max(server_.maxInFlight, inFlight);
    const work = options.protocol === 'kserve-v2' ? kserve(req, res, url) : tfServing(req, res, url);
    work
      .catch((error: unknown) => json(res, 500, { error: String(error) }))
      .finally(() => {
        inFlight--;
      });
  };

  const server = options.tls
    ? https.createServer({ key: readFileSync(path.join(TLS_DIR, 'localhost.key')), cert: readFileSync(path.join(TLS_DIR, 'localhost.crt')) }, handler)
    : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  const server_: TestServer = {
    base,
    url: `${base}/${options.protocol === 'kserve-v2' ? 'v2' : 'v1'}/models/${options.name}`,
    inferences: 0,
    contentTypes: [],
    maxInFlight: 0,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await session.release();
    },
  };
  return server_;
}

export const TEST_CA = path.join(TLS_DIR, 'localhost.crt');
