/**
 * Where a run keeps an image's thumbnail: thumbs/<first 16 hex of sha1("<relPath>|<variant>")>.jpg, the name the
 * engine's report writer gives it (main/engine/report/write-report.ts, thumbnailName). Only the most disagreeing
 * images have one; the app falls back to a preview job for the others.
 */
export async function thumbnailPath(relPath: string, variant = ''): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-1', new TextEncoder().encode(`${relPath}|${variant}`));
  const hex = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
  return `thumbs/${hex.slice(0, 16)}.jpg`;
}
