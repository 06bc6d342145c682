/**
 * Read-only files of run folders: assets (report.html, drift.html, thumbnails) scoped to their run folder, and report
 * downloads.
 */
import type { ServerResponse } from 'node:http';
import { RUN_ASSET_MARKERS, resolveInside, runAssetCsp, type HostService, type ReportFormat } from '../host/index.js';
import { sendFile } from './send-file.js';
import { sendError, sendText } from './respond.js';

export async function serveRunAsset(res: ServerResponse, service: HostService, runId: string, rel: string[], head: boolean): Promise<void> {
  let runDir: string;
  try {
    ({ runDir } = await service.runs.resolve(runId, RUN_ASSET_MARKERS));
  } catch (error) {
    sendError(res, error);
    return;
  }
  const file = await resolveInside(runDir, rel.join('/'));
  const headers = { 'Content-Security-Policy': runAssetCsp('web'), 'X-Frame-Options': 'SAMEORIGIN', 'Cache-Control': 'no-cache' };
  if (file && (await sendFile(res, file, headers, head))) return;
  sendText(res, 404, 'Not found.');
}

const FORMATS: readonly ReportFormat[] = ['html', 'json', 'csv'];

export async function serveRunExport(res: ServerResponse, service: HostService, runId: string, format: string, head: boolean): Promise<void> {
  if (!(FORMATS as readonly string[]).includes(format)) {
    sendText(res, 404, 'Not found.');
    return;
  }
  let file: string;
  try {
    file = await service.reportFile(runId, format as ReportFormat);
  } catch (error) {
    sendError(res, error);
    return;
  }
  const headers = {
    'Content-Disposition': `attachment; filename="parity-${runId.replace(/[^A-Za-z0-9._-]/g, '_')}.${format}"`,
    'Content-Security-Policy': runAssetCsp('web'),
    'Cache-Control': 'no-store',
  };
  if (!(await sendFile(res, file, headers, head))) sendText(res, 404, 'Not found.');
}
