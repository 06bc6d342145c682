/**
 * `parity compare`'s flags for sides that are not local models: saved outputs, serving endpoints (and how to reach
 * them), and the serving pass. Defaults live in CompareParamsSchema and EndpointOptionsSchema.
 */
import { CompareParamsSchema as P, MAX_CONCURRENCY } from '../../../shared/contract/jobs/compare.js';
import { WIRE_FORMATS } from '../../../shared/serving.js';
import { ParityError } from '../../../shared/errors.js';
import { absolutePath, endpointUrl, integerIn, integerListIn, oneOf, secondsAsMs } from '../flag-values.js';
import { param, type FlagTable } from '../flags.js';

/** "1,8" → [1, 8]; "none" → [] (no serving pass even with an endpoint). */
function concurrencyLevels(text: string, flag: string): number[] {
  if (text.trim() === 'none') return [];
  const levels = integerListIn(1, MAX_CONCURRENCY)(text, flag);
  if (new Set(levels).size !== levels.length) throw new ParityError('BAD_OPTION', `--${flag} lists a level twice: ${text}.`);
  return levels;
}

export const ENDPOINT_FLAGS: FlagTable = {
  'reference-outputs': {
    value: 'dir|file.npz',
    help: 'instead of a reference model: outputs another framework saved, <relPath>.npy (or .npz per image, one array\nper output) under dir, or one .npz with an array per image; see parity export-script',
    param: param(P, 'referenceOutputs'),
    parse: absolutePath,
  },
  'reference-url': {
    value: 'url',
    help: 'instead of a reference model: a served model, http(s)://host:port/v2/models/<name> (KServe v2: OpenVINO Model\nServer, Triton, MLServer, KServe) or …/v1/models/<name> (TF Serving REST); /versions/<v> may follow',
    param: param(P, 'referenceUrl'),
    parse: endpointUrl,
  },
  'candidate-url': { value: 'url', help: 'instead of a candidate model: a served model (as --reference-url)', param: param(P, 'candidateUrl'), parse: endpointUrl },
  concurrency: {
    value: 'list',
    help: `serving pass after the comparison: each side serves every image again with this many parallel clients per\nlevel, e.g. 1,8 (time to serve all images, images/s, latency percentiles, candidate ÷ reference with its\ninterval); none leaves it out (1 to ${MAX_CONCURRENCY} clients)`,
    param: param(P, 'concurrency'),
    parse: concurrencyLevels,
    shownDefault: '1 when a side is an endpoint, else none',
  },
  timeout: { value: 's', help: 'endpoint: seconds per request attempt', param: param(P, 'endpoint', 'timeoutMs'), parse: secondsAsMs(0.001, 3600), shownDefault: (ms) => `${Number(ms) / 1000}` },
  retries: { value: 'n', help: 'endpoint: further attempts after a refused connection, a timeout or HTTP 429/502/503/504\n(exponential backoff from 0.2 s, Retry-After honoured)', param: param(P, 'endpoint', 'retries'), parse: integerIn(0, 10) },
  'ca-file': { value: 'pem', help: 'endpoint: CA certificates trusted for https besides the system\'s', param: param(P, 'endpoint', 'caFile'), parse: absolutePath },
  insecure: { help: 'endpoint: accept any TLS certificate (self-signed test servers only)', param: param(P, 'endpoint', 'insecure') },
  'auth-env': { value: 'VAR', help: 'endpoint: send the value of environment variable VAR as the auth header, e.g. "Bearer …"\n(the secret stays out of the command line and the run folder)', param: param(P, 'endpoint', 'authEnv') },
  'auth-header': { value: 'name', help: 'endpoint: the header --auth-env fills', param: param(P, 'endpoint', 'authHeader') },
  wire: {
    value: WIRE_FORMATS.join('|'),
    help: 'KServe v2 request bodies: json, the binary-tensor extension, or auto (binary when the server takes it)',
    param: param(P, 'endpoint', 'wire'),
    parse: oneOf(WIRE_FORMATS),
  },
};
