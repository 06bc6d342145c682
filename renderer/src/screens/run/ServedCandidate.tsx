/** A served model as a candidate: its KServe v2 or TF Serving REST URL, and the clients of the serving pass. */
import { parseEndpointUrl } from '../../../../shared/serving.js';
import { Field, TextInput } from '../../components/Field.js';
import { parseConcurrency } from './compare-params.js';

/** The URL's problem in words, or null when it is empty or names a served model. */
export function endpointProblem(url: string): string | null {
  if (url.trim() === '') return null;
  const address = parseEndpointUrl(url.trim());
  return typeof address === 'string' ? address : null;
}

export function ServedCandidate({
  url,
  onUrl,
  concurrency,
  onConcurrency,
}: {
  url: string;
  onUrl: (url: string) => void;
  concurrency: string;
  onConcurrency: (text: string) => void;
}) {
  const problem = endpointProblem(url);
  const address = url.trim() === '' || problem ? null : parseEndpointUrl(url.trim());
  const levels = parseConcurrency(concurrency);
  return (
    <div className="stack">
      <Field
        label="Served candidate URL"
        hint={
          address && typeof address !== 'string'
            ? `${address.model} over ${address.protocol === 'kserve-v2' ? 'KServe v2' : 'TF Serving REST'} at ${address.base}: compared as one more candidate`
            : 'KServe v2 (OpenVINO Model Server, Triton, MLServer, KServe): http://host:port/v2/models/<name>; TF Serving: …/v1/models/<name>'
        }
        error={problem}
      >
        {({ id, describedBy, invalid }) => (
          <TextInput id={id} aria-describedby={describedBy} aria-invalid={invalid} value={url} placeholder="http://127.0.0.1:8080/v2/models/classifier" onChange={(e) => onUrl(e.target.value)} />
        )}
      </Field>
      <Field label="Serving pass: parallel clients" hint="each side serves every image again, e.g. 1,8; empty: 1 with a served model" error={typeof levels === 'string' ? levels : null}>
        {({ id, describedBy, invalid }) => (
          <TextInput id={id} aria-describedby={describedBy} aria-invalid={invalid} value={concurrency} placeholder="1" onChange={(e) => onConcurrency(e.target.value)} />
        )}
      </Field>
    </div>
  );
}
