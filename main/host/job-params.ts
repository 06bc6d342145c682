/**
 * Turns what a renderer asks for into parameters the engine may run: output defaults filled in, the parameters
 * validated against the job's schema, and every path checked against the roots the host may read. The walk over
 * strings is generic, so job kinds added later are scoped too without a table of their fields.
 */
import path from 'node:path';
import { JOBS, type JobKind } from '../../shared/contract/jobs/index.js';
import { runSlug } from '../../shared/run-slug.js';
import { ParityError } from '../../shared/errors.js';
import { parseEndpointUrl } from '../../shared/serving.js';
import type { AllowedRoots } from './allowed-roots.js';
import { mapStrings, unpackedPath } from './asar-path.js';

export interface OutputPlaces {
  dataDir: string;
  /** A fresh run folder for a slug (the engine's newRunDir). */
  newRunDir: (slug: string) => string;
}

function stem(file: unknown): string {
  return typeof file === 'string' ? path.parse(file).name : 'model';
}

/** A side's short name: its model file's stem, else the served model's name (--candidate-url), else "model". */
function sideStem(file: unknown, url: unknown): string {
  if (typeof file === 'string' && file !== '') return stem(file);
  const address = typeof url === 'string' ? parseEndpointUrl(url) : null;
  return address && typeof address !== 'string' ? address.model : 'model';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Where results go when the renderer does not say: run folders and variants live in the data folder. */
export function withOutputDefaults(kind: string, params: Record<string, unknown>, places: OutputPlaces): Record<string, unknown> {
  const filled = { ...params };
  const missing = (key: string): boolean => filled[key] === undefined || filled[key] === null || filled[key] === '';
  if (kind === 'compare' && missing('runDir')) {
    const more = Array.isArray(filled.moreCandidates) ? filled.moreCandidates.map((c: unknown) => stem(isRecord(c) ? c.candidate : null)) : [];
    filled.runDir = places.newRunDir(runSlug(sideStem(filled.reference, filled.referenceUrl), [sideStem(filled.candidate, filled.candidateUrl), ...more].join('+')));
  }
  if (kind === 'drift' && missing('runDir')) {
    // In <dataDir>/runs, where the asset routes find it (thumbnails, drift.html) by its folder name.
    filled.runDir = places.newRunDir(`drift-${stem(filled.field)}`);
  }
  if (kind === 'convert' && missing('output')) {
    const recipe = typeof filled.recipe === 'string' ? filled.recipe : 'variant';
    filled.output = path.join(places.dataDir, 'variants', stem(filled.model), `${stem(filled.model)}.${recipe}.onnx`);
  }
  if (kind === 'bundle' && missing('output')) {
    filled.output = path.join(places.dataDir, 'bundles', stem(filled.model), `${stem(filled.model)}.bundle.onnx`);
  }
  if (kind === 'perturb' && missing('output')) {
    const name = `${stem(filled.image)}.${String(filled.perturbation)}-${String(filled.severity)}-s${String(filled.seed ?? 0)}.png`;
    filled.output = path.join(places.dataDir, 'previews', name.replace(/[^A-Za-z0-9._-]+/g, '_'));
  }
  return filled;
}

/**
 * Fields whose strings are names, never paths, though they may contain slashes: node names exported by PyTorch
 * ("/features/0/Conv") kept in float, operator names, a search target as typed.
 */
const NOT_PATHS: ReadonlySet<string> = new Set(['excludeNodes', 'excludeOps', 'alsoQuantize', 'targetText']);

/** Every string in a value that names a file system path, with where it sits ("copies.json"). */
export function pathStrings(value: unknown, at = ''): Array<{ at: string; value: string }> {
  if (typeof value === 'string') {
    // A serving endpoint (compare's referenceUrl, candidateUrl) is no path: the host reads no file through it.
    if (/^https?:\/\//i.test(value)) return [];
    const looksLikePath = path.isAbsolute(value) || path.win32.isAbsolute(value) || value.includes('/') || value.includes('\\');
    return looksLikePath ? [{ at, value }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((item, i) => pathStrings(item, `${at}[${i}]`));
  if (isRecord(value)) return Object.entries(value).flatMap(([k, v]) => (NOT_PATHS.has(k) ? [] : pathStrings(v, at ? `${at}.${k}` : k)));
  return [];
}

/** Validated, path-checked parameters for a job, or a BAD_OPTION naming the field at fault. */
export async function prepareJobParams(
  kind: JobKind,
  raw: unknown,
  roots: AllowedRoots,
  places: OutputPlaces,
): Promise<unknown> {
  if (!isRecord(raw)) throw new ParityError('BAD_OPTION', `The ${kind} parameters must be an object.`);
  const parsed = JOBS[kind].params.safeParse(withOutputDefaults(kind, raw, places));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` (${issue.path.join('.')})` : '';
    throw new ParityError('BAD_OPTION', `Invalid ${kind} parameters${where}: ${issue?.message ?? 'invalid'}`);
  }
  for (const { at, value } of pathStrings(parsed.data)) {
    if (!path.isAbsolute(value)) {
      throw new ParityError('BAD_OPTION', `${kind} ${at}: "${value}" is not a full path.`, 'Give full paths (pick, drop or type them).');
    }
    if (!(await roots.allows(value))) {
      throw new ParityError(
        'BAD_OPTION',
        `${kind} ${at}: ${value} is outside the folders Parity may use.`,
        'Open it first (pick, drop or type the path) so that Parity may read it.',
        { reason: 'outside-roots', field: at },
      );
    }
  }
  return mapStrings(parsed.data, (s) => (path.isAbsolute(s) ? unpackedPath(s) : s));
}
