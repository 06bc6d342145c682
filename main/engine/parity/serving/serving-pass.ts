/**
 * The serving pass (`--concurrency 1,8`), after the comparison: every compared image served again by each side
 * that does its own work, at each level with that many clients keeping one request in flight each (closed loop).
 * The images go in rounds: a round's tensors are prepared first (untimed), then at each level each side serves
 * the whole round — the sides' order alternating from round to round, so that drift in the machine's or the
 * server's load falls on both. A side's time to serve all images is the sum of its rounds' wall times; the ratio's
 * interval resamples the rounds. Each answer's top-1 is checked against the comparison's own run of that image.
 */
import type { TensorInput } from '../../infer/tensors.js';
import type { JobContext } from '../../jobs/context.js';
import type { OutputDescription, PerImageResult } from '../../../../shared/report/report.js';
import type { ServingLevel, ServingRatio, ServingRun, ServingSide } from '../../../../shared/report/serving-run.js';
import { describeSource } from '../../../../shared/report/model-source.js';
import { decodeFitted, toTensor, type ImageEntry } from '../../images/index.js';
import type { PreprocessSpec } from '../../../../shared/preprocess.js';
import { latencyStats } from '../../bench/percentiles.js';
import type { ModelPair } from '../pair/model-pair.js';
import { ratioOfSums } from './ratio-of-sums.js';
import { servingHeadline, SERVING_METHOD } from './serving-headline.js';

type Role = 'reference' | 'candidate';

/** Rounds hold at least this many images per client, so that every client stays busy for most of a round. */
const IMAGES_PER_CLIENT = 2;
/** Aim for about this many rounds (the ratio's interval resamples them), with rounds of at most 64 images. */
const TARGET_ROUNDS = 16;
const MAX_ROUND = 64;

export interface ServingPassInput {
  pair: ModelPair;
  spec: PreprocessSpec;
  /** The images the comparison compared, in its order. */
  entries: readonly ImageEntry[];
  perImage: readonly PerImageResult[];
  plan: readonly OutputDescription[];
  levels: readonly number[];
}

interface Feed {
  relPath: string;
  tensor: TensorInput;
  top1: Record<Role, number | null>;
}

interface LevelLog {
  roundMs: number[];
  latencies: number[];
  top1Changed: number;
}

/** Images per round for `images` images and a top level of `maxClients`. */
export function roundSizeFor(images: number, maxClients: number): number {
  const floor = IMAGES_PER_CLIENT * maxClients;
  return Math.max(1, Math.min(images, Math.max(floor, Math.min(MAX_ROUND, Math.ceil(images / TARGET_ROUNDS)))));
}

function argmax(values: Float32Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

/** Serves `feeds` with `clients` clients kept busy; returns the wall time and each request's latency. */
async function serveRound(
  run: (feed: Feed) => Promise<void>,
  feeds: readonly Feed[],
  clients: number,
  latencies: number[],
  ctx: JobContext,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  const client = async (): Promise<void> => {
    while (next < feeds.length) {
      ctx.throwIfCancelled();
      const feed = feeds[next++]!;
      const sent = performance.now();
      await run(feed);
      latencies.push(performance.now() - sent);
    }
  };
  await Promise.all(Array.from({ length: Math.min(clients, feeds.length) }, client));
  return performance.now() - started;
}

/** Runs the serving pass; null when no side does its own work (two sets of saved outputs cannot be timed). */
export async function runServingPass(input: ServingPassInput, ctx: JobContext): Promise<ServingRun | null> {
  const { pair, levels } = input;
  const roles = (['reference', 'candidate'] as const).filter((role) => pair[role].timed);
  const compared = new Map(input.perImage.map((r) => [r.path, r]));
  const entries = input.entries.filter((e) => compared.has(e.relPath));
  if (roles.length === 0 || entries.length === 0 || levels.length === 0) return null;
  const classifier = input.plan.find((o) => o.kind === 'classification' && o.classes !== undefined);
  const roundSize = roundSizeFor(entries.length, Math.max(...levels));
  const logs = new Map(roles.map((role) => [role, levels.map((): LevelLog => ({ roundMs: [], latencies: [], top1Changed: 0 }))]));
  const total = entries.length * levels.length * roles.length;
  let done = 0;
  ctx.progress('serving', 0, total);
  for (let start = 0, round = 0; start < entries.length; start += roundSize, round++) {
    const feeds: Feed[] = [];
    for (const entry of entries.slice(start, start + roundSize)) {
      const image = await decodeFitted(entry.absPath, input.spec);
      const tensor = toTensor(image, input.spec);
      const result = compared.get(entry.relPath)!;
      feeds.push({
        relPath: entry.relPath,
        tensor: { data: tensor.data, dims: tensor.dims, dtype: input.spec.dtype },
        top1: { reference: result.reference.topK[0]?.index ?? null, candidate: result.candidate.topK[0]?.index ?? null },
      });
    }
    const order = round % 2 === 0 ? roles : [...roles].reverse();
    for (const [k, clients] of levels.entries()) {
      for (const role of order) {
        const log = logs.get(role)![k]!;
        const run = async (feed: Feed): Promise<void> => {
          const outputs = await pair.runSide(role, feed.tensor, { relPath: feed.relPath, perturbation: null });
          const out = classifier ? outputs[classifier.name] : undefined;
          if (out && out.data.length === classifier?.classes && feed.top1[role] !== null && argmax(out.data) !== feed.top1[role]) log.top1Changed++;
        };
        log.roundMs.push(await serveRound(run, feeds, clients, log.latencies, ctx));
        done += feeds.length;
        ctx.progress('serving', done, total, `${role} with ${clients} client${clients === 1 ? '' : 's'}`);
      }
    }
  }
  const sides: ServingSide[] = roles.map((role) => ({
    role,
    label: describeSource(pair[role].source, pair[role].origin),
    levels: levels.map((concurrency, k): ServingLevel => {
      const log = logs.get(role)![k]!;
      const wallMs = log.roundMs.reduce((a, b) => a + b, 0);
      return {
        concurrency,
        requests: log.latencies.length,
        wallMs,
        imagesPerSec: wallMs > 0 ? (entries.length * 1000) / wallMs : 0,
        latencyMs: latencyStats(log.latencies),
        top1Changed: classifier ? log.top1Changed : null,
      };
    }),
  }));
  const ratios: ServingRatio[] =
    roles.length < 2
      ? []
      : levels.map((concurrency, k) => {
          const interval = ratioOfSums(logs.get('candidate')![k]!.roundMs, logs.get('reference')![k]!.roundMs, { resamples: 2000, seed: 1 });
          return { concurrency, timeRatio: interval.ratio, ci95: [interval.lo, interval.hi], withinNoise: interval.lo <= 1 && interval.hi >= 1 };
        });
  const rounds = Math.ceil(entries.length / roundSize);
  const run: Omit<ServingRun, 'headline'> = { images: entries.length, levels: [...levels], roundSize, rounds, sides, ratios, method: SERVING_METHOD };
  return { ...run, headline: servingHeadline(run) };
}
