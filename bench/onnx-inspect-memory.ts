/**
 * Peak memory of `inspectModel` on a model of over 100 MB built in code, measured in a child process so that only
 * the inspection counts. Target: peak RSS ≤ 1.5 × file size + 200 MB.
 * Run: node dist/bench/onnx-inspect-memory.js [megabytes]
 */
import { execFileSync } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspectModel } from '../main/engine/onnx/index.js';
import { MB, peakRssBytes, writeLargeModel } from './onnx-bench-model.js';

interface ChildReport {
  readonly peakRss: number;
  readonly ms: number;
  readonly parameterCount: number;
  readonly nodeCount: number;
}

async function child(file: string): Promise<void> {
  const started = performance.now();
  const info = await inspectModel(file);
  const report: ChildReport = { peakRss: peakRssBytes(), ms: performance.now() - started, parameterCount: info.parameterCount, nodeCount: info.nodeCount };
  process.stdout.write(JSON.stringify(report));
}

async function main(): Promise<void> {
  const megabytes = Number(process.argv[2] ?? 112);
  const file = await writeLargeModel(megabytes);
  try {
    const size = statSync(file).size;
    const baseline = JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--baseline'], { encoding: 'utf8' })) as { peakRss: number };
    const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', file], { encoding: 'utf8', maxBuffer: 1 << 20 });
    const report = JSON.parse(out) as ChildReport;
    const limit = 1.5 * size + 200 * MB;
    const ok = report.peakRss <= limit;
    console.log(`onnx inspect memory: model ${(size / MB).toFixed(1)} MB, ${report.nodeCount} nodes, ${report.parameterCount} parameters`);
    console.log(`  inspect took ${report.ms.toFixed(0)} ms`);
    console.log(`  peak RSS ${(report.peakRss / MB).toFixed(1)} MB (node baseline ${(baseline.peakRss / MB).toFixed(1)} MB) = ${(report.peakRss / size).toFixed(2)} × file size`);
    console.log(`  limit 1.5 × file + 200 MB = ${(limit / MB).toFixed(1)} MB; ratio peak/limit ${(report.peakRss / limit).toFixed(2)} → ${ok ? 'PASS' : 'FAIL'}`);
    if (!ok) process.exitCode = 1;
  } finally {
    rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') await child(process.argv[3]!);
else if (process.argv[2] === '--baseline') process.stdout.write(JSON.stringify({ peakRss: peakRssBytes() }));
else await main();
