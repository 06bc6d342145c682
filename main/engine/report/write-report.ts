/** Writes a run's report files atomically: JSON (the source of truth), the self-contained HTML, the CSV. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { ParityReport } from '../../../shared/report/report.js';
import type { RgbImage } from '../images/index.js';
import { copyFileAtomic, writeFileAtomic } from '../io/atomic-write.js';
import { renderHtmlReport } from './html/index.js';
import { renderCsv } from './csv.js';
import { encodeThumbnail, jpegDataUri } from './thumbnails.js';

export interface ReportFiles {
  json: string;
  html: string;
  csv: string;
}

/** Thumbnail file name for an image path: stable, filesystem-safe. */
export function thumbnailName(relPath: string, variant = ''): string {
  return `${createHash('sha1').update(`${relPath}|${variant}`).digest('hex').slice(0, 16)}.jpg`;
}

/** A gallery image's thumbnail as a JPEG (thumbs/<thumbnailName>.jpg in the run folder and the HTML's gallery). */
export interface GalleryThumbnail {
  relPath: string;
  jpeg: Buffer;
}

/** Encodes the gallery's images as thumbnails, in order. */
export async function galleryThumbnails(gallery: ReadonlyArray<{ relPath: string; image: RgbImage }>): Promise<GalleryThumbnail[]> {
  const out: GalleryThumbnail[] = [];
  for (const item of gallery) out.push({ relPath: item.relPath, jpeg: await encodeThumbnail(item.image) });
  return out;
}

export async function writeReportFiles(
  report: ParityReport,
  gallery: readonly GalleryThumbnail[],
  runDir: string,
  copies: { json?: string | undefined; html?: string | undefined; csv?: string | undefined },
  extraThumbnails: ReadonlyMap<string, string> = new Map(),
): Promise<ReportFiles> {
  const dir = path.resolve(runDir);
  await fs.mkdir(path.join(dir, 'thumbs'), { recursive: true });
  const thumbnails = new Map<string, string>(extraThumbnails);
  for (const item of gallery) {
    await writeFileAtomic(path.join(dir, 'thumbs', thumbnailName(item.relPath)), item.jpeg);
    thumbnails.set(item.relPath, jpegDataUri(item.jpeg));
  }
  const files: ReportFiles = {
    json: path.join(dir, 'report.json'),
    html: path.join(dir, 'report.html'),
    csv: path.join(dir, 'report.csv'),
  };
  // HTML and CSV first, JSON last: a run folder with report.json is a finished run.
  await writeFileAtomic(files.html, await renderHtmlReport(report, { thumbnails }));
  await writeFileAtomic(files.csv, renderCsv(report));
  await writeFileAtomic(files.json, `${JSON.stringify(report, null, 2)}\n`);
  if (copies.json) await copyFileAtomic(files.json, path.resolve(copies.json));
  if (copies.html) await copyFileAtomic(files.html, path.resolve(copies.html));
  if (copies.csv) await copyFileAtomic(files.csv, path.resolve(copies.csv));
  return files;
}
