/** The shard.json a finished shard writes beside its report: its identity and every aggregate's state. */
import { describeSource } from '../../../../shared/report/model-source.js';
import type { ParityReport } from '../../../../shared/report/report.js';
import type { ComparedImages } from '../compare/image-loop.js';
import type { RunFolder } from '../compare/run-folder.js';
import type { ShardListing } from '../compare/run-images.js';
import { resultOptions, SHARD_STATE_VERSION, type ShardState } from './shard-state.js';

type ModelSummary = ParityReport['models']['reference'];

/** A side by content: a model file's SHA-256; saved outputs and endpoints (no file to hash) by their path or URL. */
const sideIdentity = (m: ModelSummary): string => m.sha256 ?? describeSource(m.path, m.source);

/** The state of a finished shard, from its report and what the image loop aggregated. */
export function shardState(
  run: RunFolder,
  listing: ShardListing,
  report: ParityReport,
  compared: ComparedImages,
  thumbnails: ReadonlyMap<string, string> | undefined,
): ShardState {
  const evaluator = compared.evaluator;
  const seen = evaluator.imageCount > 0;
  return {
    shardStateVersion: SHARD_STATE_VERSION,
    index: listing.spec.index,
    identity: {
      parityVersion: report.tool.version,
      shardCount: listing.spec.count,
      models: { reference: sideIdentity(report.models.reference), candidate: sideIdentity(report.models.candidate) },
      options: resultOptions(run.params),
      preprocess: report.preprocess,
      classes: report.labels?.classes ?? null,
      listing: { entries: listing.entries, skipped: listing.skipped, digest: listing.digest },
    },
    skippedPhases: listing.skippedPhases,
    plan: seen ? [...evaluator.plan] : null,
    evaluator: seen ? evaluator.snapshot() : null,
    gallery: compared.gallery.entries(),
    robustness: seen ? (compared.robustness?.snapshot() ?? null) : null,
    thumbnails: Object.fromEntries(thumbnails ?? []),
  };
}
