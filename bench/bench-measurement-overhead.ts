/**
 * What measuring costs and why the bench runs sessions as it does, side by side in one run on the PaddleOCR
 * classifier (and the detector with --detector):
 *   1. spinning: a model's latency alone and interleaved with a second session, with ONNX Runtime's default
 *      spin-waiting intra-op threads and without (the bench's setting); interleaved ÷ alone should stay near 1;
 *   2. the RSS-sampling thread (1 ms) that runs while models load: latency with it vs without (alternating blocks);
 *   3. BenchSession.run vs a bare onnxruntime-node session.run (the wrapper's per-call cost), order alternating;
 *   4. the bootstrap of a comparison (2000 resamples) for 50 and 1000 runs, in milliseconds;
 *   5. a compare job with its performance section vs with --no-bench (real engine process, the demo sample,
 *      three of each, alternating): the section's cost in seconds and as a ratio of the whole job.
 * Medians of per-run wall time; ratios are the figures to read (the machine may be shared).
 * Run: npm run build && node dist/bench/bench-measurement-overhead.js [--detector]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import ort from 'onnxruntime-node';
import { bootstrapMedianInterval } from '../main/engine/bench/bootstrap.js';
import { seededRandom } from '../shared/seeded-random.js';
import { imageInputs } from '../main/engine/bench/bench-inputs.js';
import { readBenchModels } from '../main/engine/bench/model-facts.js';
import { median } from '../main/engine/bench/percentiles.js';
import { RssSampler } from '../main/engine/bench/rss-sampler.js';
import type { TensorInput } from '../main/engine/infer/model-session.js';
import { BenchSession } from '../main/engine/bench/bench-session.js';
import { EngineClient, forkChannelFactory } from '../main/engine/index.js';
import { locateDetector, locateSample } from '../main/engine/samples/index.js';
import type { PreprocessSpec } from '../shared/preprocess.js';

interface Case {
  name: string;
  model: string;
  images: string;
  spec: PreprocessSpec;
  blocks: number;
  runsPerBlock: number;
}

const fmt = (v: number, digits = 3): string => v.toFixed(digits);

async function feedsOf(c: Case): Promise<TensorInput[]> {
  const set = await imageInputs(c.images, c.spec, 8);
  return set.tensors.map((data) =>
    data instanceof Float32Array ? { data, dims: set.dims, dtype: 'float32' as const } : { data, dims: set.dims, dtype: 'uint8' as const },
  );
}

/** Median latency of session A alone and interleaved with session B (A B A B …), for one spinning setting. */
async function spinningEffect(c: Case, name: string, feeds: TensorInput[], spinning: boolean): Promise<{ alone: number; interleaved: number }> {
  const threads = os.availableParallelism();
  const a = await BenchSession.open(c.model, { threads, spinning });
  const b = await BenchSession.open(c.model, { threads, spinning });
  const alone: number[] = [];
  const interleaved: number[] = [];
  try {
    for (let i = 0; i < 5; i++) {
      await a.run(name, feeds[i % feeds.length]!);
      await b.run(name, feeds[i % feeds.length]!);
    }
    for (let blk = 0; blk < c.blocks; blk++) {
      for (let r = 0; r < c.runsPerBlock; r++) {
        const t0 = performance.now();
        await a.run(name, feeds[r % feeds.length]!);
        alone.push(performance.now() - t0);
      }
      for (let r = 0; r < c.runsPerBlock; r++) {
        const t0 = performance.now();
        await a.run(name, feeds[r % feeds.length]!);
        interleaved.push(performance.now() - t0);
        await b.run(name, feeds[r % feeds.length]!);
      }
    }
  } finally {
    await a.release();
    await b.release();
  }
  return { alone: median(alone), interleaved: median(interleaved) };
}

/** Alternating blocks with and without the sampler; returns the median latency of each. */
async function samplerOverhead(c: Case, name: string, feeds: TensorInput[]): Promise<{ on: number; off: number }> {
  const session = await BenchSession.open(c.model, { threads: os.availableParallelism(), spinning: false });
  const on: number[] = [];
  const off: number[] = [];
  try {
    for (let i = 0; i < 5; i++) await session.run(name, feeds[i % feeds.length]!);
    for (let b = 0; b < c.blocks; b++) {
      const sampling = b % 2 === 0;
      const sampler = sampling ? await RssSampler.start({ resetHwm: false }) : null;
      for (let r = 0; r < c.runsPerBlock; r++) {
        const t0 = performance.now();
        await session.run(name, feeds[r % feeds.length]!);
        (sampling ? on : off).push(performance.now() - t0);
      }
      await sampler?.stop();
    }
  } finally {
    await session.release();
  }
  return { on: median(on), off: median(off) };
}

/** BenchSession.run and a bare ort session.run, interleaved per run with the order alternating. */
async function wrapperOverhead(c: Case, name: string, feeds: TensorInput[]): Promise<{ wrapped: number; bare: number }> {
  const threads = os.availableParallelism();
  const wrapped = await BenchSession.open(c.model, { threads, spinning: false });
  const bare = await ort.InferenceSession.create(c.model, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    extra: { session: { intra_op: { allow_spinning: '0' } } },
  });
  const a: number[] = [];
  const b: number[] = [];
  const runWrapped = async (feed: TensorInput): Promise<number> => {
    const t0 = performance.now();
    await wrapped.run(name, feed);
    return performance.now() - t0;
  };
  const runBare = async (feed: TensorInput): Promise<number> => {
    const t0 = performance.now();
    await bare.run({ [name]: new ort.Tensor(feed.dtype, feed.data, feed.dims) });
    return performance.now() - t0;
  };
  try {
    const runs = c.blocks * c.runsPerBlock;
    for (let r = -5; r < runs; r++) {
      const feed = feeds[Math.abs(r) % feeds.length]!;
      let tw: number;
      let tb: number;
      if (r % 2 === 0) {
        tw = await runWrapped(feed);
        tb = await runBare(feed);
      } else {
        tb = await runBare(feed);
        tw = await runWrapped(feed);
      }
      if (r >= 0) {
        a.push(tw);
        b.push(tb);
      }
    }
  } finally {
    await wrapped.release();
    await bare.release();
  }
  return { wrapped: median(a), bare: median(b) };
}

function bootstrapCost(n: number): number {
  const next = seededRandom(3);
  const ratios = Array.from({ length: n }, () => 0.9 + 0.2 * next());
  const t0 = performance.now();
  bootstrapMedianInterval(ratios, { resamples: 2000, seed: 1 });
  return performance.now() - t0;
}

async function compareJobSeconds(bench: boolean, out: string): Promise<number> {
  const engine = new EngineClient(forkChannelFactory());
  try {
    const sample = await engine.run('sample', {});
    const t0 = performance.now();
    await engine.run('compare', {
      reference: sample.modelPath,
      candidate: sample.modelPath,
      images: sample.imagesDir,
      labels: sample.labelsPath,
      preprocess: sample.preprocess,
      runDir: path.join(out, bench ? 'with' : 'without'),
      bench,
    });
    return (performance.now() - t0) / 1000;
  } finally {
    await engine.close();
  }
}

async function main(): Promise<void> {
  const sample = locateSample();
  const cases: Case[] = [
    { name: 'cls 48×192', model: sample.modelPath, images: sample.imagesDir, spec: sample.preprocess, blocks: 20, runsPerBlock: 25 },
  ];
  if (process.argv.includes('--detector')) {
    const det = locateDetector();
    const spec = JSON.parse(readFileSync(det.preprocessPath, 'utf8')) as PreprocessSpec;
    cases.push({ name: 'det 640×640', model: det.modelPath, images: det.imagesDir, spec, blocks: 6, runsPerBlock: 3 });
  }
  for (const c of cases) {
    const feeds = await feedsOf(c);
    const name = (await readBenchModels([c.model], c.spec)).models[0]!.input.name;
    for (const spinning of [true, false]) {
      const e = await spinningEffect(c, name, feeds, spinning);
      console.log(
        `${c.name}: ${spinning ? 'spinning (ORT default)' : 'no spinning (bench)   '}: alone ${fmt(e.alone)} ms, interleaved with a 2nd session ${fmt(e.interleaved)} ms → ratio ${fmt(e.interleaved / e.alone)}`,
      );
    }
    const s = await samplerOverhead(c, name, feeds);
    console.log(`${c.name}: RSS sampler on ${fmt(s.on)} ms vs off ${fmt(s.off)} ms per run → ratio ${fmt(s.on / s.off)} (only while models load; timed rounds run without it)`);
    const w = await wrapperOverhead(c, name, feeds);
    console.log(`${c.name}: BenchSession.run ${fmt(w.wrapped)} ms vs bare session.run ${fmt(w.bare)} ms → ratio ${fmt(w.wrapped / w.bare)}, ${fmt((w.wrapped - w.bare) * 1000, 0)} µs per call`);
  }
  for (const n of [50, 1000]) console.log(`bootstrap of ${n} paired ratios, 2000 resamples: ${fmt(bootstrapCost(n), 1)} ms`);
  const out = mkdtempSync(path.join(tmpdir(), 'parity-bench-overhead-'));
  try {
    // Alternating, three of each: one job at a time is too exposed to the machine's other load.
    const withTimes: number[] = [];
    const withoutTimes: number[] = [];
    for (let i = 0; i < 3; i++) {
      withoutTimes.push(await compareJobSeconds(false, out));
      withTimes.push(await compareJobSeconds(true, out));
    }
    const without = median(withoutTimes);
    const withBench = median(withTimes);
    console.log(
      `compare on the demo sample (200 images), median of 3 each: ${fmt(withBench, 2)} s with the performance section vs ${fmt(without, 2)} s without → ` +
        `+${fmt(withBench - without, 2)} s, ratio ${fmt(withBench / without)}`,
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

await main();
