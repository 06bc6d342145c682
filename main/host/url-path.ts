/**
 * Splits the raw path of a URL (as received, before any normalisation) into decoded segments, or null when a
 * segment cannot be decoded or decodes to something that would change the path's shape (a slash, a backslash,
 * NUL). "." and ".." are kept as segments so that the scoped resolver refuses them instead of a parser folding them.
 */
export function decodePathSegments(rawPath: string): string[] | null {
  const segments: string[] = [];
  for (const raw of rawPath.split('/')) {
    if (raw === '') continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (segment.includes('/') || segment.includes('\\') || segment.includes('\0')) return null;
    segments.push(segment);
  }
  return segments;
}
