/**
 * TensorFlow Serving's REST API: status `GET /v1/models/<name>[/versions/<v>]`, signature `…/metadata`, and
 * `POST …:predict` in the row format (`{"instances": [tensor without its batch dimension]}` → `{"predictions":
 * [...]}`, one object per instance keyed by output when the signature has several outputs). Servers that speak the
 * same predict API without TF Serving's metadata endpoint (KServe's v1 protocol) are read too: their outputs are
 * then named after the other side's when there is one output on each side.
 */
import type { TensorSignature } from '../../../shared/model-info.js';
import { ParityError } from '../../../shared/errors.js';
import type { EndpointAddress } from '../../../shared/serving.js';
import type { TensorInput } from '../infer/tensors.js';
import { serverMessage, type HttpClient, type HttpResponse } from './http-client.js';
import { modelPath, type ServedModel, type ServedOutput, type ServingClient } from './serving-client.js';
import { dtypeOfTf, flattenJson, nestedJson, parseJsonLenient } from './wire-tensors.js';

const DEFAULT_SIGNATURE = 'serving_default';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(response: HttpResponse, url: string): unknown {
  try {
    return parseJsonLenient(response.body.toString('utf8'));
  } catch {
    throw new ParityError('ENDPOINT_ERROR', `${url} answered with something that is not JSON: ${serverMessage(response.body)}`, undefined, { url });
  }
}

/** A signature's tensors from TF Serving's metadata: {"x": {"dtype": "DT_FLOAT", "tensor_shape": {"dim": [{"size": "-1"}, …]}}}. */
function tensorsOf(map: unknown): TensorSignature[] {
  if (!isRecord(map)) return [];
  return Object.entries(map).map(([name, info]) => {
    const record = isRecord(info) ? info : {};
    const shapeInfo = isRecord(record.tensor_shape) ? record.tensor_shape : {};
    const dims = Array.isArray(shapeInfo.dim) ? shapeInfo.dim : null;
    const shape = shapeInfo.unknown_rank === true || dims === null
      ? null
      : dims.map((d) => {
          const size = isRecord(d) ? Number(d.size) : Number.NaN;
          return Number.isInteger(size) && size >= 0 ? size : null;
        });
    return { name, dtype: dtypeOfTf(typeof record.dtype === 'string' ? record.dtype : 'DT_INVALID'), shape };
  });
}

export class TfServingClient implements ServingClient {
  readonly wireName = 'JSON (row format)';
  private signatureName: string | null = null;

  constructor(
    readonly address: EndpointAddress,
    private readonly http: HttpClient,
  ) {}

  private get modelUrl(): string {
    return modelPath(this.address, 'v1');
  }

  async describe(signal?: AbortSignal): Promise<ServedModel> {
    const status = await this.http.send({ method: 'GET', url: this.modelUrl }, signal);
    if (status.status !== 200) await this.refuseModel(status, signal);
    this.checkAvailable(parseJson(status, this.modelUrl));
    const metadata = await this.http.send({ method: 'GET', url: `${this.modelUrl}/metadata` }, signal);
    if (metadata.status !== 200) return { inputs: null, outputs: null, server: null, extensions: [] };
    const body = parseJson(metadata, `${this.modelUrl}/metadata`);
    const defs = isRecord(body) && isRecord(body.metadata) && isRecord(body.metadata.signature_def) ? body.metadata.signature_def.signature_def : undefined;
    if (!isRecord(defs)) return { inputs: null, outputs: null, server: 'TensorFlow Serving', extensions: [] };
    const names = Object.keys(defs).filter((n) => !n.startsWith('__'));
    const chosen = names.includes(DEFAULT_SIGNATURE) ? DEFAULT_SIGNATURE : names.length === 1 ? names[0]! : null;
    if (chosen === null) {
      throw new ParityError('ENDPOINT_ERROR', `The model "${this.address.model}" has ${names.length} signatures (${names.join(', ')}) and none is ${DEFAULT_SIGNATURE}.`, 'Export the model with a serving_default signature.');
    }
    this.signatureName = chosen;
    const signature = defs[chosen];
    return {
      inputs: isRecord(signature) ? tensorsOf(signature.inputs) : null,
      outputs: isRecord(signature) ? tensorsOf(signature.outputs) : null,
      server: 'TensorFlow Serving',
      extensions: [],
    };
  }

  /** TF Serving lists version states; KServe's v1 says {"ready": true}. */
  private checkAvailable(status: unknown): void {
    if (!isRecord(status)) return;
    if (status.ready === false) {
      throw new ParityError('ENDPOINT_ERROR', `The model "${this.address.model}" at ${this.address.base} is not ready.`, 'Wait until the server has loaded it, then run again.');
    }
    const versions = status.model_version_status;
    if (Array.isArray(versions) && versions.length > 0 && !versions.some((v) => isRecord(v) && v.state === 'AVAILABLE')) {
      const states = versions.map((v) => (isRecord(v) ? `${String(v.version)}: ${String(v.state)}` : '?')).join(', ');
      throw new ParityError('ENDPOINT_ERROR', `No version of "${this.address.model}" is AVAILABLE at ${this.address.base} (${states}).`, 'Wait until the server has loaded it, then run again.');
    }
  }

  private async refuseModel(response: HttpResponse, signal: AbortSignal | undefined): Promise<never> {
    const list = await this.http.send({ method: 'GET', url: `${this.address.base}/v1/models` }, signal).catch(() => null);
    const body = list?.status === 200 ? parseJsonLenient(list.body.toString('utf8')) : null;
    const known = isRecord(body) && Array.isArray(body.models) ? body.models.filter((m): m is string => typeof m === 'string') : [];
    const version = this.address.version === null ? '' : ` (version ${this.address.version})`;
    throw new ParityError(
      'ENDPOINT_ERROR',
      `The server at ${this.address.base} has no model "${this.address.model}"${version}: HTTP ${response.status} from ${this.modelUrl}: ${serverMessage(response.body)}`,
      known.length > 0 ? `Models it serves: ${known.join(', ')}.` : 'Check the model name in the URL (…/v1/models/<name>).',
      { url: this.modelUrl },
    );
  }

  async infer(_inputName: string, tensor: TensorInput, signal?: AbortSignal): Promise<ServedOutput[]> {
    if (tensor.dims[0] !== 1) throw new ParityError('UNSUPPORTED', `TF Serving requests carry one instance per image; got a batch of ${tensor.dims[0]}.`);
    const values = tensor.data instanceof BigInt64Array || tensor.data instanceof BigUint64Array ? Array.from(tensor.data, String) : (tensor.data as ArrayLike<number>);
    const signature = this.signatureName && this.signatureName !== DEFAULT_SIGNATURE ? `"signature_name":${JSON.stringify(this.signatureName)},` : '';
    const body = `{${signature}"instances":[${nestedJson(values, tensor.dims.slice(1))}]}`;
    const url = `${this.modelUrl}:predict`;
    const response = await this.http.send({ method: 'POST', url, body, headers: { 'content-type': 'application/json' } }, signal);
    if (response.status !== 200) {
      throw new ParityError('ENDPOINT_ERROR', `${url} refused the request: HTTP ${response.status}: ${serverMessage(response.body)}`, 'The server\'s words above say what it expected; check the input shape against the model\'s signature.', { url, status: response.status });
    }
    const answer = parseJson(response, url);
    const predictions = isRecord(answer) ? (answer.predictions ?? answer.outputs) : undefined;
    if (predictions === undefined) throw new ParityError('ENDPOINT_ERROR', `${url} answered without "predictions".`);
    const columnar = isRecord(answer) && answer.predictions === undefined;
    // Row format: a list with one entry per instance; columnar ("outputs"): the batch is already inside.
    const first = columnar ? predictions : Array.isArray(predictions) && predictions.length === 1 ? predictions[0] : null;
    if (first === null) throw new ParityError('ENDPOINT_ERROR', `${url} answered with ${Array.isArray(predictions) ? predictions.length : 'no list of'} predictions for one instance.`);
    const read = (value: unknown, name: string | null): ServedOutput => {
      const { values: data, dims } = flattenJson(value, `Output ${name ?? ''} of ${this.address.model}`.replace('  ', ' '));
      return { name, tensor: { data, dims: columnar ? dims : [1, ...dims], dtype: 'float32' } };
    };
    if (isRecord(first)) return Object.entries(first).map(([name, value]) => read(value, name));
    return [read(first, null)];
  }

  close(): void {
    this.http.close();
  }
}
