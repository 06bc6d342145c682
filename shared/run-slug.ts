/**
 * The readable part of a run folder's name (and so of exported file names): "<reference>-vs-<candidate>", short
 * enough for a file name, cut only between words and never losing what tells the candidate apart (its recipe).
 */

const MAX_SLUG = 60;
const SEPARATOR = /[-_.]/;

/** `text` cut to at most `max` characters at a word boundary ('-', '_' or '.'), or hard when it has none. */
function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max + 1);
  let at = -1;
  for (let i = head.length - 1; i > 0; i--) {
    if (SEPARATOR.test(head[i]!)) {
      at = i;
      break;
    }
  }
  return (at > 0 ? text.slice(0, at) : text.slice(0, max)).replace(/[-_.]+$/, '');
}

/** Slug of a comparison from the two models' file stems; a candidate named after its reference keeps only its own part. */
export function runSlug(referenceStem: string, candidateStem: string): string {
  const clean = (s: string): string => s.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-_.]+|[-_.]+$/g, '');
  const reference = clean(referenceStem) || 'model';
  let candidate = clean(candidateStem) || 'candidate';
  if (candidate !== reference && candidate.startsWith(reference) && SEPARATOR.test(candidate[reference.length] ?? '')) {
    candidate = clean(candidate.slice(reference.length + 1)) || candidate;
  }
  const joint = '-vs-';
  const own = cutAtWord(candidate, Math.min(candidate.length, MAX_SLUG - joint.length - 8));
  return `${cutAtWord(reference, MAX_SLUG - joint.length - own.length)}${joint}${own}`;
}
