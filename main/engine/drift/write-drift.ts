/** Writes a drift run's files atomically: thumbnails of the least-like field images, drift.html, then drift.json. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { DriftReportSchema, type DriftReport } from '../../../shared/drift/drift-report.js';
import { copyFileAtomic, writeFileAtomic } from '../io/atomic-write.js';
import { decodeImage } from '../images/index.js';
import { encodeThumbnail, jpegDataUri } from '../report/thumbnails.js';
import { renderDriftHtml } from './report-html.js';

export interface DriftFiles {
  json: string;
  html: string;
  report: DriftReport;
}

/** Thumbnails first, HTML next, JSON last: a folder with drift.json holds a finished drift run. */
export async function writeDriftFiles(
  report: DriftReport,
  runDir: string,
  copies: { json?: string | undefined; html?: string | undefined },
  fieldRoot: string,
): Promise<DriftFiles> {
  const thumbnails = new Map<string, string>();
  const leastLike = report.model?.leastLike ?? [];
  if (leastLike.length > 0) await fs.mkdir(path.join(runDir, 'thumbs'), { recursive: true });
  for (const item of leastLike) {
    try {
      const bytes = await encodeThumbnail(await decodeImage(path.join(fieldRoot, item.path)));
      const name = `thumbs/${createHash('sha1').update(`field|${item.path}`).digest('hex').slice(0, 16)}.jpg`;
      await writeFileAtomic(path.join(runDir, name), bytes);
      item.thumbnail = name;
      thumbnails.set(item.path, jpegDataUri(bytes));
    } catch {
      item.thumbnail = null;
    }
  }
  const checked = DriftReportSchema.parse(report);
  const files = { json: path.join(runDir, 'drift.json'), html: path.join(runDir, 'drift.html') };
  await writeFileAtomic(files.html, await renderDriftHtml(checked, thumbnails));
  await writeFileAtomic(files.json, `${JSON.stringify(checked, null, 2)}\n`);
  if (copies.json) await copyFileAtomic(files.json, path.resolve(copies.json));
  if (copies.html) await copyFileAtomic(files.html, path.resolve(copies.html));
  return { ...files, report: checked };
}
