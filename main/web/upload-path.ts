/** Sanitises the relative path of an uploaded file so that it names a plain file inside the upload folder. */

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;
const MAX_SEGMENT = 120;
const MAX_DEPTH = 32;

function sanitiseSegment(segment: string): string {
  // eslint-disable-next-line no-control-regex
  let clean = segment.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_').replace(/[. ]+$/g, '');
  if (WINDOWS_RESERVED.test(clean)) clean = `_${clean}`;
  if (clean.length > MAX_SEGMENT) {
    const dot = clean.lastIndexOf('.');
    const ext = dot > 0 && clean.length - dot <= 16 ? clean.slice(dot) : '';
    clean = clean.slice(0, MAX_SEGMENT - ext.length) + ext;
  }
  return clean;
}

/**
 * The folder-relative segments of an uploaded file's name (sent as encodeURIComponent of a "/"-separated path),
 * or null when it is empty, undecodable, deeper than 32 levels or contains "." or ".." segments.
 */
export function sanitiseUploadPath(encoded: string): string[] | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(encoded);
  } catch {
    return null;
  }
  const raw = decoded.replace(/\\/g, '/').split('/').filter((s) => s.length > 0);
  if (raw.length === 0 || raw.length > MAX_DEPTH) return null;
  if (raw.some((s) => s === '.' || s === '..')) return null;
  const segments = raw.map(sanitiseSegment);
  if (segments.some((s) => s.length === 0 || s === '.' || s === '..')) return null;
  return segments;
}
