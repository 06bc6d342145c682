/**
 * The KServe v2 inference protocol (Open Inference Protocol) over REST: server metadata `GET /v2`, model metadata
 * `GET /v2/models/<name>[/versions/<v>]`, readiness `…/ready`, inference `POST …/infer` with JSON tensors or the
 * binary-tensor extension (a JSON header of Inference-Header-Content-Length bytes, then each tensor's raw
 * little-endian bytes in order). With wire "auto" the first request tries binary tensors and falls back to JSON
 * for good when the server refuses them (MLServer, for one, reads JSON only); a server that lists the
 * binary_tensor_data extension (Triton) gets binary tensors without the probe.
 */
import type { TensorSignature } from '../../../shared/model-info.js';
import { ParityError } from '../../../shared/errors.js';
import type { EndpointAddress, EndpointOptions } from '../../../shared/serving.js';
import type { TensorInput } from '../infer/tensors.js';
import { serverMessage, type HttpClient, type HttpResponse } from './http-client.js';
import { modelPath, type ServedModel, type ServedOutput, type ServingClient } from './serving-client.js';
import { bytesPerElement, dtypeOfKserve, flattenJson, jsonValues, kserveDatatype, parseJsonLenient, tensorBytes, valuesFromBytes } from './wire-tensors.js';

const HEADER_LENGTH = 'inference-header-content-length';

interface WireTensor {
  name: string;
  datatype: string;
  shape: number[];
  data?: unknown;
  parameters?: Record<string, unknown>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function signatures(list: unknown, what: string): TensorSignature[] {
  if (!Array.isArray(list)) throw new ParityError('ENDPOINT_ERROR', `${what} is not a list of tensors.`);
  return list.map((item, i) => {
    if (!isRecord(item) || typeof item.name !== 'string' || typeof item.datatype !== 'string') {
      throw new ParityError('ENDPOINT_ERROR', `${what}[${i}] has no name and datatype.`);
    }
    const shape = Array.isArray(item.shape) ? item.shape.map((d) => (typeof d === 'number' && d >= 0 ? d : null)) : null;
    return { name: item.name, dtype: dtypeOfKserve(item.datatype), shape };
  });
}

function parseJsonBody(body: Buffer, url: string): unknown {
  try {
    return parseJsonLenient(body.toString('utf8'));
  } catch {
    throw new ParityError('ENDPOINT_ERROR', `${url} answered with something that is not JSON: ${serverMessage(body)}`, undefined, { url });
  }
}

export class KServeV2Client implements ServingClient {
  private wire: 'json' | 'binary' | null;

  constructor(
    readonly address: EndpointAddress,
    private readonly http: HttpClient,
    wire: EndpointOptions['wire'],
  ) {
    this.wire = wire === 'auto' ? null : wire;
  }

  get wireName(): string {
    return this.wire === 'binary' ? 'binary tensors' : 'JSON';
  }

  private get modelUrl(): string {
    return modelPath(this.address, 'v2');
  }

  async describe(signal?: AbortSignal): Promise<ServedModel> {
    const server = await this.http.send({ method: 'GET', url: `${this.address.base}/v2` }, signal);
    let serverName: string | null = null;
    let extensions: string[] = [];
    if (server.status === 200) {
      const meta = parseJsonBody(server.body, `${this.address.base}/v2`);
      if (isRecord(meta)) {
        serverName = [meta.name, meta.version].filter((v) => typeof v === 'string' && v !== '').join(' ') || null;
        extensions = Array.isArray(meta.extensions) ? meta.extensions.filter((e): e is string => typeof e === 'string') : [];
      }
    }
    const response = await this.http.send({ method: 'GET', url: this.modelUrl }, signal);
    if (response.status !== 200) await this.refuseModel(response, signal);
    const meta = parseJsonBody(response.body, this.modelUrl);
    if (!isRecord(meta)) throw new ParityError('ENDPOINT_ERROR', `${this.modelUrl} answered with no model metadata.`);
    const ready = await this.http.send({ method: 'GET', url: `${this.modelUrl}/ready` }, signal);
    if (ready.status !== 200) {
      throw new ParityError('ENDPOINT_ERROR', `The model "${this.address.model}" at ${this.address.base} is not ready (HTTP ${ready.status}: ${serverMessage(ready.body)}).`, 'Wait until the server has loaded it, then run again.');
    }
    if (this.wire === null && extensions.includes('binary_tensor_data')) this.wire = 'binary';
    return {
      inputs: signatures(meta.inputs, `The metadata of "${this.address.model}": inputs`),
      outputs: signatures(meta.outputs, `The metadata of "${this.address.model}": outputs`),
      server: serverName,
      extensions,
    };
  }

  /** A model metadata request failed: say which model is missing and which ones the server has, if it tells. */
  private async refuseModel(response: HttpResponse, signal: AbortSignal | undefined): Promise<never> {
    const known = await this.modelNames(signal).catch(() => null);
    const version = this.address.version === null ? '' : ` (version ${this.address.version})`;
    throw new ParityError(
      'ENDPOINT_ERROR',
      `The server at ${this.address.base} has no model "${this.address.model}"${version}: HTTP ${response.status} from ${this.modelUrl}: ${serverMessage(response.body)}`,
      known && known.length > 0 ? `Models it serves: ${known.join(', ')}.` : 'Check the model name in the URL (…/v2/models/<name>).',
      { url: this.modelUrl },
    );
  }

  /** The repository index (Triton, OpenVINO Model Server, KServe) or KServe's /v1/models, when the server has one. */
  private async modelNames(signal: AbortSignal | undefined): Promise<string[] | null> {
    const index = await this.http.send({ method: 'POST', url: `${this.address.base}/v2/repository/index`, body: '{}', headers: { 'content-type': 'application/json' } }, signal);
    if (index.status === 200) {
      const list = parseJsonLenient(index.body.toString('utf8'));
      if (Array.isArray(list)) return list.flatMap((m) => (isRecord(m) && typeof m.name === 'string' ? [m.name] : []));
    }
    const v1 = await this.http.send({ method: 'GET', url: `${this.address.base}/v1/models` }, signal);
    if (v1.status === 200) {
      const body = parseJsonLenient(v1.body.toString('utf8'));
      if (isRecord(body) && Array.isArray(body.models)) return body.models.filter((m): m is string => typeof m === 'string');
    }
    return null;
  }

  async infer(inputName: string, tensor: TensorInput, signal?: AbortSignal): Promise<ServedOutput[]> {
    if (this.wire === 'json') return this.inferJson(inputName, tensor, signal);
    if (this.wire === 'binary') return this.inferBinary(inputName, tensor, signal);
    // "auto" without the extension listed: try binary once; a refusal means JSON from now on.
    try {
      const outputs = await this.inferBinary(inputName, tensor, signal);
      this.wire = 'binary';
      return outputs;
    } catch (error) {
      if (!(error instanceof ParityError) || error.code !== 'ENDPOINT_ERROR' || error.details?.status === undefined) throw error;
      this.wire = 'json';
      return this.inferJson(inputName, tensor, signal);
    }
  }

  private async inferJson(inputName: string, tensor: TensorInput, signal: AbortSignal | undefined): Promise<ServedOutput[]> {
    const header = { name: inputName, shape: tensor.dims, datatype: kserveDatatype(tensor.dtype) };
    // The data array is written by hand: JSON.stringify of a 100k-element typed array copy is several times slower.
    const body = `{"inputs":[${JSON.stringify(header).slice(0, -1)},"data":${jsonValues(tensor)}}]}`;
    const response = await this.post(body, { 'content-type': 'application/json' }, signal);
    return this.readOutputs(parseJsonBody(response.body, this.inferUrl), Buffer.alloc(0));
  }

  private async inferBinary(inputName: string, tensor: TensorInput, signal: AbortSignal | undefined): Promise<ServedOutput[]> {
    const bytes = tensorBytes(tensor);
    const header = Buffer.from(
      JSON.stringify({
        inputs: [{ name: inputName, shape: tensor.dims, datatype: kserveDatatype(tensor.dtype), parameters: { binary_data_size: bytes.length } }],
        parameters: { binary_data_output: true },
      }),
      'utf8',
    );
    const response = await this.post(Buffer.concat([header, bytes]), { 'content-type': 'application/octet-stream', [HEADER_LENGTH]: String(header.length) }, signal);
    const declared = response.headers[HEADER_LENGTH];
    const jsonLength = declared === undefined ? response.body.length : Number(Array.isArray(declared) ? declared[0] : declared);
    if (!Number.isInteger(jsonLength) || jsonLength < 0 || jsonLength > response.body.length) {
      throw new ParityError('ENDPOINT_ERROR', `${this.inferUrl} sent ${HEADER_LENGTH}: ${String(declared)} with a ${response.body.length}-byte body.`);
    }
    return this.readOutputs(parseJsonBody(response.body.subarray(0, jsonLength), this.inferUrl), response.body.subarray(jsonLength));
  }

  private get inferUrl(): string {
    return `${this.modelUrl}/infer`;
  }

  private async post(body: Buffer | string, headers: Record<string, string>, signal: AbortSignal | undefined): Promise<HttpResponse> {
    const response = await this.http.send({ method: 'POST', url: this.inferUrl, body, headers }, signal);
    if (response.status !== 200) {
      throw new ParityError(
        'ENDPOINT_ERROR',
        `${this.inferUrl} refused the request: HTTP ${response.status}: ${serverMessage(response.body)}`,
        'The server\'s words above say what it expected; check the model\'s input name, shape and datatype against its metadata.',
        { url: this.inferUrl, status: response.status },
      );
    }
    return response;
  }

  /** The answer's outputs: JSON data, or binary data taken in order from what follows the JSON header. */
  private readOutputs(answer: unknown, binary: Buffer): ServedOutput[] {
    if (!isRecord(answer) || !Array.isArray(answer.outputs)) {
      throw new ParityError('ENDPOINT_ERROR', `${this.inferUrl} answered without an "outputs" list.`);
    }
    let offset = 0;
    return answer.outputs.map((raw, i) => {
      if (!isRecord(raw) || typeof raw.name !== 'string' || typeof raw.datatype !== 'string' || !Array.isArray(raw.shape)) {
        throw new ParityError('ENDPOINT_ERROR', `${this.inferUrl}: output ${i} has no name, datatype and shape.`);
      }
      const out = raw as unknown as WireTensor;
      const dims = out.shape.map(Number);
      const dtype = dtypeOfKserve(out.datatype);
      const count = dims.reduce((a, b) => a * b, 1);
      const what = `Output "${out.name}" of ${this.address.model}`;
      const size = isRecord(out.parameters) ? out.parameters.binary_data_size : undefined;
      if (typeof size === 'number') {
        if (offset + size > binary.length) throw new ParityError('ENDPOINT_ERROR', `${what} declares ${size} bytes of binary data past the end of the answer.`);
        const values = valuesFromBytes(binary.subarray(offset, offset + size), dtype, count, what);
        offset += size;
        return { name: out.name, tensor: { data: values, dims, dtype } };
      }
      if (bytesPerElement(dtype) === null) throw new ParityError('UNSUPPORTED', `${what} is ${out.datatype}; Parity compares numeric outputs.`);
      const { values } = flattenJson(out.data, what);
      if (values.length !== count) throw new ParityError('ENDPOINT_ERROR', `${what} has ${values.length} values; its shape [${dims.join(', ')}] needs ${count}.`);
      return { name: out.name, tensor: { data: values, dims, dtype } };
    });
  }

  close(): void {
    this.http.close();
  }
}
