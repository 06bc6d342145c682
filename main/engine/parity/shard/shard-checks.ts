/**
 * Whether shard run folders belong together: every shard of one run exactly once, made by this Parity version with
 * the same models (by hash), result-shaping options, preprocessing, classes and image listing, covering the listing
 * disjointly and completely. Each refusal is a BAD_OPTION (exit 2) naming the folders and what differs.
 */
import path from 'node:path';
import { ParityError } from '../../../../shared/errors.js';
import type { ParityReport } from '../../../../shared/report/report.js';
import { canonicalJson } from '../../io/canonical-json.js';
import { shardOf } from './shard-of.js';
import type { ShardState } from './shard-state.js';

/** A shard folder as read for the merge. */
export interface LoadedShard {
  runDir: string;
  state: ShardState;
  report: ParityReport;
}

function refuse(reason: string, message: string, hint: string): never {
  throw new ParityError('BAD_OPTION', message, hint, { reason });
}

const name = (shard: LoadedShard): string => `${path.basename(shard.runDir) || shard.runDir}/`;
const show = (value: unknown): string => {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
};

/** The first difference between two shards' identities, in words, or null when they match. */
function identityDifference(a: LoadedShard, b: LoadedShard): string | null {
  const x = a.state.identity;
  const y = b.state.identity;
  if (x.parityVersion !== y.parityVersion) return `were made by different Parity versions (${x.parityVersion} and ${y.parityVersion})`;
  if (x.shardCount !== y.shardCount) return `were split into different numbers of shards (${x.shardCount} and ${y.shardCount})`;
  if (x.models.reference !== y.models.reference) return `compared different reference models (sha256 ${x.models.reference.slice(0, 12)}… and ${y.models.reference.slice(0, 12)}…)`;
  if (x.models.candidate !== y.models.candidate) return `compared different candidate models (sha256 ${x.models.candidate.slice(0, 12)}… and ${y.models.candidate.slice(0, 12)}…)`;
  for (const key of new Set([...Object.keys(x.options), ...Object.keys(y.options)])) {
    if (canonicalJson(x.options[key]) !== canonicalJson(y.options[key])) {
      return `were run with different options: ${key} is ${show(x.options[key])} in one and ${show(y.options[key])} in the other`;
    }
  }
  if (canonicalJson(x.preprocess) !== canonicalJson(y.preprocess)) return 'preprocessed images differently (their resolved --preprocess specs differ)';
  if (JSON.stringify(x.classes) !== JSON.stringify(y.classes)) return 'read different labels (their class lists differ)';
  if (x.listing.digest !== y.listing.digest) {
    return `listed different images (${x.listing.entries} and ${y.listing.entries} images, ${x.listing.skipped} and ${y.listing.skipped} skipped files; the lists differ)`;
  }
  return null;
}

/** Checks that the shards form one whole run; returns them ordered by shard index. */
export function checkShards(shards: readonly LoadedShard[], parityVersion: string): LoadedShard[] {
  const first = shards[0];
  if (!first) refuse('missing', 'parity merge needs the run folders of the shards.', 'Pass every shard\'s --out folder: parity merge shard-0/ shard-1/ … --out run/');
  for (const shard of shards) {
    if (shard.state.identity.parityVersion !== parityVersion) {
      refuse(
        'mismatch',
        `${name(shard)} was made by Parity ${shard.state.identity.parityVersion}; this is Parity ${parityVersion}.`,
        'Run every shard and the merge with the same Parity version.',
      );
    }
  }
  for (const shard of shards.slice(1)) {
    const difference = identityDifference(first, shard);
    if (difference) refuse('mismatch', `${name(first)} and ${name(shard)} do not belong to the same run: they ${difference}.`, 'Merge only the shards of one `parity compare … --shard k/N` command line.');
  }
  const count = first.state.identity.shardCount;
  const byIndex = new Map<number, LoadedShard>();
  for (const shard of shards) {
    const twin = byIndex.get(shard.state.index);
    if (twin) {
      refuse('overlap', `${name(twin)} and ${name(shard)} are both shard ${shard.state.index}/${count}: their images overlap.`, 'Pass each shard once.');
    }
    byIndex.set(shard.state.index, shard);
  }
  const missing = Array.from({ length: count }, (_, k) => k).filter((k) => !byIndex.has(k));
  if (missing.length > 0) {
    refuse(
      'missing',
      `Shard${missing.length === 1 ? '' : 's'} ${missing.map((k) => `${k}/${count}`).join(', ')} of this ${count}-shard run ${missing.length === 1 ? 'is' : 'are'} missing: the merged report would leave out ${missing.length === 1 ? 'its' : 'their'} images.`,
      'Pass the run folder of every shard (k = 0 … N−1); run a missing shard with the same command line and --shard k/N.',
    );
  }
  const ordered = [...byIndex.keys()].sort((a, b) => a - b).map((k) => byIndex.get(k)!);
  checkCover(ordered);
  checkPlans(ordered);
  return ordered;
}

/** Every image of the listing in exactly one shard: each row's path hashes to its shard, and the counts add up. */
function checkCover(shards: readonly LoadedShard[]): void {
  const listing = shards[0]!.state.identity.listing;
  const count = shards[0]!.state.identity.shardCount;
  const owner = new Map<string, LoadedShard>();
  let entries = 0;
  let listingSkipped = 0;
  for (const shard of shards) {
    const { report, state } = shard;
    const paths = [...report.perImage.map((r) => r.path), ...report.images.skipped.map((s) => s.path)];
    for (const p of paths) {
      const other = owner.get(p);
      if (other) refuse('overlap', `${p} is in both ${name(other)} and ${name(shard)}: the shards overlap.`, 'Run each shard into its own, fresh --out folder.');
      if (shardOf(p, count) !== state.index) {
        refuse('overlap', `${name(shard)} holds ${p}, which belongs to shard ${shardOf(p, count)}/${count}, not ${state.index}/${count}.`, 'Run each shard into its own, fresh --out folder.');
      }
      owner.set(p, shard);
    }
    listingSkipped += state.skippedPhases.listing;
    entries += paths.length - state.skippedPhases.listing;
  }
  if (entries !== listing.entries || listingSkipped !== listing.skipped) {
    refuse(
      'missing',
      `The shards cover ${entries} of the ${listing.entries} listed images (and ${listingSkipped} of ${listing.skipped} skipped files): some images are missing.`,
      'A shard\'s report lost rows; run that shard again.',
    );
  }
}

/** Every shard that saw an image decided each output's kind alike (on its first image); otherwise the rows differ in meaning. */
function checkPlans(shards: readonly LoadedShard[]): void {
  const seen = shards.filter((s) => s.state.plan !== null);
  const first = seen[0];
  if (!first) return;
  for (const shard of seen.slice(1)) {
    if (canonicalJson(shard.state.plan) !== canonicalJson(first.state.plan)) {
      refuse(
        'mismatch',
        `${name(first)} and ${name(shard)} compared the outputs differently (${show(first.state.plan)} and ${show(shard.state.plan)}): each shard decides on its first image.`,
        'Give the outputs explicit tolerances (--atol/--rtol) and check the models; or run this comparison unsharded.',
      );
    }
  }
}
