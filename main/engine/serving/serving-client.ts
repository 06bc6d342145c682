/** What EndpointSide needs from a serving protocol: the model's description, and one inference. */
import type { TensorSignature } from '../../../shared/model-info.js';
import type { EndpointAddress } from '../../../shared/serving.js';
import type { TensorInput, TensorOutput } from '../infer/tensors.js';

/** A served model as its metadata endpoint describes it. */
export interface ServedModel {
  /** Inputs and outputs; null when the server has no metadata endpoint (outputs are then named by the counterpart). */
  inputs: TensorSignature[] | null;
  outputs: TensorSignature[] | null;
  /** The server's own name and version when it tells them ("MLServer 1.7.1"), else null. */
  server: string | null;
  /** Protocol extensions the server lists (KServe v2), e.g. binary_tensor_data. */
  extensions: string[];
}

/** One output of an answer: named when the protocol names it, else null (TF Serving's single unnamed prediction). */
export interface ServedOutput {
  name: string | null;
  tensor: TensorOutput;
}

export interface ServingClient {
  readonly address: EndpointAddress;
  /** Checks the model exists and is ready, and reads its metadata; ENDPOINT_ERROR naming what is wrong. */
  describe(signal?: AbortSignal): Promise<ServedModel>;
  /** Posts one tensor (batch 1) under the served input's name and reads every output back. */
  infer(inputName: string, tensor: TensorInput, signal?: AbortSignal): Promise<ServedOutput[]>;
  /** The request body format in use ("JSON", "binary tensors"), for the report. */
  readonly wireName: string;
  close(): void;
}

/** The path segment of a model (and version) URL, each part escaped. */
export function modelPath(address: EndpointAddress, major: 'v1' | 'v2'): string {
  const version = address.version === null ? '' : `/versions/${encodeURIComponent(address.version)}`;
  return `${address.base}/${major}/models/${encodeURIComponent(address.model)}${version}`;
}
