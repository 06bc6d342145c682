/**
 * Run folders: <dataDir>/runs/* holding a report.json, plus indexed folders elsewhere. Listing reads only the
 * fields it shows and caches them by file size and mtime, so a list of large reports stays quick.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { RunListing } from '../../shared/contract/host-api.js';
import { ParityError } from '../../shared/errors.js';
import { isInside, realLocation } from './path-scope.js';
import { RUN_ID_PATTERN, runIdFor } from './run-id.js';
import type { RunIndex } from './run-index.js';
import { normaliseUserPath } from './stat-path.js';

/** Only what a listing shows; tolerant of fields added by newer report versions. */
const ReportHeadSchema = z.object({
  createdAt: z.string(),
  models: z.object({ reference: z.object({ path: z.string() }), candidate: z.object({ path: z.string() }) }),
  images: z.object({ count: z.number().int() }),
  summary: z.object({ clean: z.object({ top1Agreement: z.number().nullable() }) }),
  gate: z.object({ passed: z.boolean(), criteria: z.array(z.unknown()) }),
  perturbations: z.array(z.unknown()).optional(),
});

export const REPORT_FILE = 'report.json';

/**
 * The files that make a folder of <dataDir>/runs a run whose assets (thumbnails, the HTML page) may be served: a
 * compare run's report.json, or a drift check's drift.json. Only report.json makes a run the host lists and reads.
 */
export const RUN_ASSET_MARKERS: readonly string[] = [REPORT_FILE, 'drift.json'];

interface CachedHead {
  key: string;
  listing: RunListing;
}

export class RunFolders {
  private readonly cache = new Map<string, CachedHead>();

  constructor(
    readonly runsRoot: string,
    private readonly index: RunIndex,
  ) {}

  /** Every run folder with a readable report, newest first. Unreadable or foreign folders are left out. */
  async list(): Promise<RunListing[]> {
    const folders = new Map<string, boolean>();
    try {
      for (const entry of await fs.readdir(this.runsRoot, { withFileTypes: true })) {
        if (entry.isDirectory() && !entry.name.startsWith('.')) folders.set(path.join(this.runsRoot, entry.name), true);
      }
    } catch {
      // no runs yet
    }
    for (const dir of await this.index.list()) if (!folders.has(dir)) folders.set(dir, false);
    const listings: RunListing[] = [];
    for (const [dir, inRoot] of folders) {
      const listing = await this.readHead(dir, inRoot);
      if (listing) listings.push(listing);
    }
    return listings.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  }

  /**
   * The folder of a run, or a ParityError when the id is unknown. A folder directly in <dataDir>/runs counts when it
   * holds one of `markers` (default: report.json; the asset routes pass RUN_ASSET_MARKERS, so a drift check's
   * thumbnails and page are served too); a folder elsewhere only when it is a listed compare run.
   */
  async resolve(runId: string, markers: readonly string[] = [REPORT_FILE]): Promise<{ runDir: string; inRunsRoot: boolean }> {
    if (RUN_ID_PATTERN.test(runId)) {
      const direct = path.join(this.runsRoot, runId);
      if (!runId.includes('~') && (await hasAnyFile(direct, markers))) {
        // A symlinked folder in runs/ pointing elsewhere is not a run folder of ours.
        const real = await realLocation(direct);
        if (isInside(await realLocation(this.runsRoot), real)) return { runDir: direct, inRunsRoot: true };
      }
      for (const listing of await this.list()) {
        if (listing.runId === runId) return { runDir: listing.runDir, inRunsRoot: path.dirname(listing.runDir) === this.runsRoot };
      }
    }
    throw new ParityError('BAD_OPTION', `There is no run "${runId.slice(0, 80)}".`, 'It may have been deleted; refresh the list of runs.', {
      reason: 'not-found',
    });
  }

  /**
   * Lists a run folder from anywhere (a CLI `--out` folder, a CI artifact): it must hold a report.json a listing can
   * read. A folder outside <dataDir>/runs is remembered in the run index, and forgotten (not deleted) by delete().
   */
  async open(folder: string): Promise<RunListing> {
    const given = normaliseUserPath(folder);
    if (!given) throw new ParityError('BAD_OPTION', `"${folder.slice(0, 200)}" is not a full path.`, 'Type a full path (starting with / or a drive letter, or ~).');
    let runDir: string;
    try {
      runDir = await realLocation(given);
      if (!(await fs.stat(runDir)).isDirectory()) throw new Error('not a folder');
    } catch {
      throw new ParityError('BAD_OPTION', `There is no folder at ${given}.`, 'Give the folder that `parity compare --out` wrote (it holds report.json).', {
        reason: 'not-found',
      });
    }
    const runsRoot = await realLocation(this.runsRoot).catch(() => this.runsRoot);
    const inRunsRoot = path.dirname(runDir) === runsRoot;
    const listing = await this.readHead(runDir, inRunsRoot);
    if (!listing) {
      throw new ParityError(
        'BAD_OPTION',
        `${given} holds no readable Parity report.`,
        'A run folder is the one `parity compare --out` or `parity demo` wrote: it holds report.json, report.html and assets/. Choose that folder, not its parent.',
        { reason: 'no-report' },
      );
    }
    if (!inRunsRoot) await this.index.add(runDir);
    return listing;
  }

  /** The report JSON of a run, parsed but not validated (the renderer validates it against ParityReportSchema). */
  async readReport(runId: string): Promise<unknown> {
    const { runDir } = await this.resolve(runId);
    const text = await fs.readFile(path.join(runDir, REPORT_FILE), 'utf8');
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new ParityError('IO_ERROR', `The report of run "${runId}" is not valid JSON.`, 'Run the comparison again.');
    }
  }

  /**
   * Deletes a run folder in <dataDir>/runs. A folder elsewhere (the user chose it) is only forgotten, never
   * deleted: it may be a folder that holds other things.
   */
  async delete(runId: string): Promise<{ deleted: boolean }> {
    const { runDir, inRunsRoot } = await this.resolve(runId);
    this.cache.delete(runDir);
    if (!inRunsRoot) {
      await this.index.remove(runDir);
      return { deleted: false };
    }
    await fs.rm(runDir, { recursive: true, force: true });
    return { deleted: true };
  }

  private async readHead(runDir: string, inRunsRoot: boolean): Promise<RunListing | null> {
    const file = path.join(runDir, REPORT_FILE);
    let stat;
    try {
      stat = await fs.stat(file);
    } catch {
      return null;
    }
    const key = `${stat.size}:${stat.mtimeMs}`;
    const cached = this.cache.get(runDir);
    if (cached?.key === key) return cached.listing;
    let head;
    try {
      const parsed = ReportHeadSchema.safeParse(JSON.parse(await fs.readFile(file, 'utf8')));
      if (!parsed.success) return null;
      head = parsed.data;
    } catch {
      return null;
    }
    const listing: RunListing = {
      runId: runIdFor(runDir, inRunsRoot),
      runDir,
      createdAt: head.createdAt,
      reference: head.models.reference.path,
      candidate: head.models.candidate.path,
      images: head.images.count,
      top1Agreement: head.summary.clean.top1Agreement,
      gatePassed: head.gate.criteria.length > 0 ? head.gate.passed : null,
      hasPerturbations: (head.perturbations?.length ?? 0) > 0,
    };
    this.cache.set(runDir, { key, listing });
    return listing;
  }
}

async function hasAnyFile(dir: string, names: readonly string[]): Promise<boolean> {
  for (const name of names) if (await isFile(path.join(dir, name))) return true;
  return false;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}
