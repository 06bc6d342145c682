/**
 * A serving endpoint as a side of a comparison: each image's tensor is posted to a KServe v2 or TF Serving REST
 * server and its answer compared like a local model's outputs. The model's metadata, read when the side opens,
 * must show the model and the input; a served input or single output named differently from the other side's
 * (a TensorFlow export's "input_1" against the ONNX conversion's "x") is renamed, and the report lists the renames.
 */
import { promises as fs } from 'node:fs';
import { ParityError } from '../../../../shared/errors.js';
import type { TensorSignature } from '../../../../shared/model-info.js';
import type { ModelSource, RenamedTensor } from '../../../../shared/report/model-source.js';
import { parseEndpointUrl, type EndpointAddress, type EndpointOptions } from '../../../../shared/serving.js';
import type { TensorInput, TensorOutput } from '../../infer/tensors.js';
import { HttpClient } from '../../serving/http-client.js';
import { KServeV2Client } from '../../serving/kserve-v2-client.js';
import type { ServedModel, ServingClient } from '../../serving/serving-client.js';
import { TfServingClient } from '../../serving/tf-serving-client.js';
import type { ModelSide } from './model-side.js';
import { outputMismatch, sameNumberKind, shapeText, shapesMatch, singleOutputs } from './side-checks.js';
import type { ModelSignature } from './signatures.js';

async function readCa(file: string | null): Promise<string | null> {
  if (file === null) return null;
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new ParityError('BAD_OPTION', `The CA file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`, 'Give a PEM file of CA certificates with --ca-file.');
  }
}

/** The auth header, its value read from the environment variable the user named (never from a file or a flag). */
function authHeaders(options: EndpointOptions): Record<string, string> {
  if (options.authEnv === null) return {};
  const value = process.env[options.authEnv];
  if (value === undefined || value === '') {
    throw new ParityError('BAD_OPTION', `The environment variable ${options.authEnv} (--auth-env) is not set.`, `Set it to the header's value, e.g. export ${options.authEnv}="Bearer <token>".`);
  }
  return { [options.authHeader]: value };
}

export function clientFor(address: EndpointAddress, http: HttpClient, options: EndpointOptions): ServingClient {
  return address.protocol === 'kserve-v2' ? new KServeV2Client(address, http, options.wire) : new TfServingClient(address, http);
}

export class EndpointSide implements ModelSide {
  readonly timed = true;
  private signatureNow: ModelSignature;
  private readonly renamed: RenamedTensor[] = [];
  /** Served output name → the pair's name. */
  private readonly outputNames = new Map<string, string>();

  private constructor(
    readonly source: string,
    private readonly client: ServingClient,
    private readonly served: ServedModel,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.signatureNow = { inputs: served.inputs ?? [], outputs: served.outputs ?? [] };
  }

  /** Connects to `url`, checks the model exists and is ready, and reads its metadata. */
  static async open(url: string, options: EndpointOptions, signal?: AbortSignal): Promise<EndpointSide> {
    const address = parseEndpointUrl(url);
    if (typeof address === 'string') throw new ParityError('BAD_OPTION', address, 'e.g. http://127.0.0.1:8080/v2/models/classifier or http://127.0.0.1:8501/v1/models/classifier');
    const http = new HttpClient({ timeoutMs: options.timeoutMs, retries: options.retries, ca: await readCa(options.caFile), insecure: options.insecure, headers: authHeaders(options) });
    const client = clientFor(address, http, options);
    try {
      const served = await client.describe(signal);
      if (served.inputs && served.inputs.length !== 1) {
        throw new ParityError(
          'UNSUPPORTED',
          `The served model "${address.model}" has ${served.inputs.length} inputs (${served.inputs.map((t) => t.name).join(', ') || 'none'}); Parity compares image models with exactly one image input.`,
        );
      }
      return new EndpointSide(url, client, served, signal);
    } catch (error) {
      client.close();
      throw error;
    }
  }

  get signature(): ModelSignature {
    return this.signatureNow;
  }

  get origin(): ModelSource {
    const { address } = this.client;
    return {
      kind: 'endpoint',
      url: this.source,
      protocol: address.protocol,
      model: address.model,
      version: address.version,
      server: this.served.server,
      wire: this.client.wireName,
      metadata: this.served.outputs !== null,
      renamed: [...this.renamed],
    };
  }

  bindTo(counterpart: ModelSignature, role: 'reference' | 'candidate'): void {
    const me = `the served model "${this.client.address.model}" (${role})`;
    const them = `the ${role === 'reference' ? 'candidate' : 'reference'}`;
    const mine = this.served.inputs?.[0];
    const theirs = counterpart.inputs[0];
    let inputs = this.signatureNow.inputs;
    if (mine && theirs) {
      if (mine.dtype !== theirs.dtype) {
        throw new ParityError('MODEL_MISMATCH', `The input "${mine.name}" of ${me} takes ${mine.dtype} values; "${theirs.name}" of ${them} takes ${theirs.dtype}.`, 'Both sides must take the same tensor: serve the model with the input type of the other side.');
      }
      if (!shapesMatch(mine.shape, theirs.shape)) {
        throw new ParityError('MODEL_MISMATCH', `The input "${mine.name}" of ${me} has shape ${shapeText(mine.shape)}; "${theirs.name}" of ${them} has ${shapeText(theirs.shape)}.`, 'Both sides must take the same tensor (same layout and size).');
      }
      if (mine.name !== theirs.name) {
        this.renamed.push({ kind: 'input', served: mine.name, pair: theirs.name });
        inputs = [{ ...mine, name: theirs.name }];
      }
    }
    let outputs: TensorSignature[];
    if (this.served.outputs === null) {
      // No metadata: the answers' outputs are taken to be the other side's (checked on every answer).
      outputs = counterpart.outputs.map((o) => ({ ...o }));
    } else {
      outputs = this.served.outputs;
      const pair = singleOutputs(this.served.outputs, counterpart.outputs);
      if (pair && pair[0].name !== pair[1].name) {
        this.renamed.push({ kind: 'output', served: pair[0].name, pair: pair[1].name });
        this.outputNames.set(pair[0].name, pair[1].name);
        outputs = [{ ...pair[0], name: pair[1].name }];
      }
      for (const out of outputs) {
        const other = counterpart.outputs.find((o) => o.name === out.name);
        if (other && (!sameNumberKind(out.dtype, other.dtype) || !shapesMatch(out.shape, other.shape))) {
          throw outputMismatch(out.name, { what: me, ...out }, { what: them, ...other }, 'Serve the same model (or a variant of it) as the other side.');
        }
      }
    }
    this.signatureNow = { inputs, outputs };
  }

  async run(inputName: string, tensor: TensorInput): Promise<Record<string, TensorOutput>> {
    const answer = await this.client.infer(this.served.inputs?.[0]?.name ?? inputName, tensor, this.signal);
    const out: Record<string, TensorOutput> = {};
    for (const { name, tensor: value } of answer) {
      const pairName = name === null ? this.unnamedOutput(answer.length) : (this.outputNames.get(name) ?? name);
      out[pairName] = value;
    }
    if (this.served.outputs === null && answer.length === 1 && answer[0]!.name !== null && this.signatureNow.outputs.length === 1) {
      // A server without metadata that names its one output differently: the pair's name is the other side's.
      const only = this.signatureNow.outputs[0]!.name;
      if (!(only in out)) return { [only]: answer[0]!.tensor };
    }
    return out;
  }

  private unnamedOutput(count: number): string {
    const outputs = this.signatureNow.outputs;
    if (count === 1 && outputs.length === 1) return outputs[0]!.name;
    throw new ParityError(
      'MODEL_MISMATCH',
      `${this.client.address.model} answers with ${count} unnamed prediction${count === 1 ? '' : 's'} where the other side has ${outputs.length} outputs (${outputs.map((o) => o.name).join(', ')}).`,
      'TF Serving names its outputs only when a signature has several; serve a signature whose outputs carry the other side\'s names.',
    );
  }

  async warm(inputName: string, tensor: TensorInput): Promise<void> {
    // Opens the connection, lets a lazily loading server load, and settles the wire format (binary or JSON).
    await this.run(inputName, tensor);
  }

  async release(): Promise<void> {
    this.client.close();
  }
}
