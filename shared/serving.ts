/**
 * Serving endpoints as a side of a comparison: the protocols Parity speaks, how it connects (timeouts, retries,
 * TLS, an auth header whose value comes from an environment variable), and the URL forms it accepts.
 */
import { z } from 'zod';

/** KServe v2 (Open Inference Protocol: OpenVINO Model Server, Triton, MLServer, KServe) and TF Serving's REST API. */
export const SERVING_PROTOCOLS = ['kserve-v2', 'tf-serving'] as const;
export const ServingProtocolSchema = z.enum(SERVING_PROTOCOLS);
export type ServingProtocol = z.infer<typeof ServingProtocolSchema>;

/** KServe v2 request body: JSON, the binary-tensor extension, or binary when the server lists the extension. */
export const WIRE_FORMATS = ['auto', 'json', 'binary'] as const;

/** Environment variable names as POSIX shells accept them. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const EndpointOptionsSchema = z.object({
  /** Per attempt: from sending the request to the whole response. */
  timeoutMs: z.number().int().min(1).max(3_600_000).default(30_000),
  /** Further attempts after a connection failure, a timeout or a 429/502/503/504, with exponential backoff. */
  retries: z.number().int().min(0).max(10).default(3),
  /** A PEM file of CA certificates trusted for https endpoints (besides the system's). */
  caFile: z.string().nullable().default(null),
  /** Accept any TLS certificate (self-signed test servers); never for production endpoints. */
  insecure: z.boolean().default(false),
  /** The name of an environment variable whose value is sent as `authHeader` (the secret never enters a file). */
  authEnv: z.string().regex(ENV_NAME, 'an environment variable name').nullable().default(null),
  authHeader: z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'an HTTP header name').default('Authorization'),
  wire: z.enum(WIRE_FORMATS).default('auto'),
});
export type EndpointOptions = z.output<typeof EndpointOptionsSchema>;

export interface EndpointAddress {
  protocol: ServingProtocol;
  /** Scheme, host, port and any path prefix before /v1 or /v2 (an ingress may serve under a prefix). */
  base: string;
  model: string;
  /** A model version the URL names, else null (the server's default). */
  version: string | null;
}

/**
 * Reads an endpoint URL: `http(s)://host:port[/prefix]/v2/models/<name>[/versions/<v>][/infer]` (KServe v2) or
 * `…/v1/models/<name>[/versions/<v>][:predict]` (TF Serving REST). Returns a reason string when it is neither.
 */
export function parseEndpointUrl(text: string): EndpointAddress | string {
  // No URL class here (shared code runs in the renderer and Node alike): the parts that matter, by pattern.
  const url = /^(https?):\/\/([^/?#\s]+)(\/[^?#\s]*)?(?:\?[^#\s]*)?(?:#\S*)?$/i.exec(text.trim());
  if (!url) return /^[a-z][a-z0-9+.-]*:/i.test(text) && !/^https?:/i.test(text) ? `${text}: only http and https endpoints are supported` : `"${text}" is not an http(s) URL`;
  const [, scheme = '', host = '', pathname = ''] = url;
  if (host.includes('@')) return `${host.slice(host.indexOf('@') + 1)}: put credentials in an environment variable (--auth-env), not in the URL`;
  const match = /^(.*?)\/(v1|v2)\/models\/([^/:]+)(?:\/versions\/([^/:]+))?(?:\/infer|:predict)?\/?$/.exec(pathname);
  if (!match) {
    return `${text} names no model: use …/v2/models/<name> (KServe v2: OpenVINO Model Server, Triton, MLServer, KServe) or …/v1/models/<name> (TF Serving REST)`;
  }
  const [, prefix = '', major, model = '', version] = match;
  return {
    protocol: major === 'v2' ? 'kserve-v2' : 'tf-serving',
    base: `${scheme.toLowerCase()}://${host}${prefix}`,
    model: decodeURIComponent(model),
    version: version ? decodeURIComponent(version) : null,
  };
}
