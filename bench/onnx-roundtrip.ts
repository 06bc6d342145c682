/**
 * Read → write throughput and peak memory of the ONNX reader and writer on a model of over 100 MB built in code,
 * measured in a child process. Targets: ≥ 200 MB/s for read + write, peak RSS ≤ 2.5 × model size. Also checks the
 * round trip is lossless (the rewritten file is byte-identical).
 * Run: node dist/bench/onnx-roundtrip.js [megabytes]
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readModel, writeModel } from '../main/engine/onnx/index.js';
import { MB, peakRssBytes, writeLargeModel } from './onnx-bench-model.js';

interface ChildReport {
  readonly readMs: number;
  readonly writeMs: number;
  readonly peakRss: number;
}

async function child(file: string, out: string): Promise<void> {
  const t0 = performance.now();
  const model = await readModel(file);
  const t1 = performance.now();
  await writeModel(model, out);
  const t2 = performance.now();
  const report: ChildReport = { readMs: t1 - t0, writeMs: t2 - t1, peakRss: peakRssBytes() };
  process.stdout.write(JSON.stringify(report));
}

async function main(): Promise<void> {
  const megabytes = Number(process.argv[2] ?? 112);
  const file = await writeLargeModel(megabytes);
  const out = path.join(path.dirname(file), 'copy.onnx');
  try {
    const size = statSync(file).size;
    const runs: ChildReport[] = [];
    for (let i = 0; i < 3; i++) {
      const json = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', file, out], { encoding: 'utf8' });
      runs.push(JSON.parse(json) as ChildReport);
    }
    const best = runs.reduce((a, b) => (a.readMs + a.writeMs <= b.readMs + b.writeMs ? a : b));
    const lossless = readFileSync(out).equals(readFileSync(file));
    const mbPerS = size / MB / ((best.readMs + best.writeMs) / 1000);
    const rssRatio = Math.max(...runs.map((r) => r.peakRss)) / size;
    const speedOk = mbPerS >= 200;
    const memoryOk = rssRatio <= 2.5;
    console.log(`onnx round trip: model ${(size / MB).toFixed(1)} MB, best of ${runs.length} runs`);
    console.log(`  read ${best.readMs.toFixed(0)} ms (${(size / MB / (best.readMs / 1000)).toFixed(0)} MB/s), write ${best.writeMs.toFixed(0)} ms (${(size / MB / (best.writeMs / 1000)).toFixed(0)} MB/s)`);
    console.log(`  read + write ${mbPerS.toFixed(0)} MB/s vs target 200 MB/s: ratio ${(mbPerS / 200).toFixed(2)} → ${speedOk ? 'PASS' : 'FAIL'}`);
    console.log(`  peak RSS ${(Math.max(...runs.map((r) => r.peakRss)) / MB).toFixed(1)} MB = ${rssRatio.toFixed(2)} × model vs target 2.5 × → ${memoryOk ? 'PASS' : 'FAIL'}`);
    console.log(`  rewritten file byte-identical: ${lossless ? 'yes → PASS' : 'no → FAIL'}`);
    if (!speedOk || !memoryOk || !lossless) process.exitCode = 1;
  } finally {
    rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') await child(process.argv[3]!, process.argv[4]!);
else await main();
