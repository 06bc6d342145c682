/** Pictures the HTML report embeds: thumbnails as data URIs, never links to files or the network. */

export interface ReportAssets {
  /**
   * Thumbnails as `data:image/...;base64,` URIs, keyed by the image's relPath (as in report.perImage[].path);
   * perturbed thumbnails keyed by perturbedThumbnailKey(relPath, perturbation, severity).
   */
  thumbnails: ReadonlyMap<string, string> | Readonly<Record<string, string>>;
}

/** Key of a perturbed thumbnail in ReportAssets.thumbnails. */
export function perturbedThumbnailKey(relPath: string, perturbation: string, severity: number): string {
  return `${relPath}|${perturbation}|${severity}`;
}

const DATA_IMAGE_URI = /^data:image\/(png|jpeg|webp|gif|avif);base64,[A-Za-z0-9+/]+={0,2}$/;

function lookup(thumbnails: ReportAssets['thumbnails'], key: string): unknown {
  if (thumbnails instanceof Map) return thumbnails.get(key);
  const record = thumbnails as Readonly<Record<string, string>>;
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** The thumbnail for `key` if it is an inline raster image; anything else (a URL, SVG, a bad string) is ignored. */
export function thumbnailOf(assets: ReportAssets, key: string): string | null {
  const uri = lookup(assets.thumbnails, key);
  return typeof uri === 'string' && DATA_IMAGE_URI.test(uri) ? uri : null;
}
