/**
 * Memory of a drift check over a large field folder: the engine's resident set size every 1,000 field images while
 * `drift` streams 10,000 of them (the sample lines copied under new names) against the sample folder, with the
 * model (outputs and a reservoir of 500 feature vectors per folder). Target: flat after the first thousand — the
 * statistics keep fixed-size samples (10,000 values per statistic, 500 feature vectors), never the images.
 * Run: node dist/bench/drift-rss.js [field images]
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EngineClient, forkChannelFactory } from '../main/engine/index.js';
import { locateSample } from '../main/engine/samples/index.js';

const MB = 1024 * 1024;

function copies(source: string, target: string, count: number): void {
  const files: string[] = [];
  for (const cls of readdirSync(source)) for (const f of readdirSync(path.join(source, cls))) files.push(path.join(source, cls, f));
  mkdirSync(target, { recursive: true });
  for (let i = 0; i < count; i++) copyFileSync(files[i % files.length]!, path.join(target, `${String(i).padStart(5, '0')}.png`));
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 10_000);
  const scratch = mkdtempSync(path.join(tmpdir(), 'parity-bench-drift-rss-'));
  const sample = locateSample();
  const field = path.join(scratch, 'field');
  copies(sample.imagesDir, field, count);
  const engine = new EngineClient(forkChannelFactory());
  const rows: Array<{ done: number; rss: number; seconds: number }> = [];
  let next = 0;
  const started = performance.now();
  try {
    await engine.whenReady();
    const result = await engine.run(
      'drift',
      { reference: sample.imagesDir, field, model: sample.modelPath, preprocess: sample.preprocess, runDir: path.join(scratch, 'run'), resembleSample: 0 },
      {
        onProgress: (p) => {
          if (p.stage === 'field images' && p.done >= next && engine.engineRssBytes > 0) {
            rows.push({ done: p.done, rss: engine.engineRssBytes, seconds: (performance.now() - started) / 1000 });
            next += 1000;
          }
        },
      },
    );
    console.log(`drift over ${result.report.field.images} field images against ${result.report.reference.images} reference images, with the model`);
    console.log('field images   engine RSS   elapsed');
    for (const r of rows) console.log(`${String(r.done).padStart(12)}   ${(r.rss / MB).toFixed(0).padStart(7)} MB   ${r.seconds.toFixed(0).padStart(5)} s`);
    const settled = rows.filter((r) => r.done >= 1000).map((r) => r.rss);
    if (settled.length > 1) console.log(`growth from 1,000 to ${rows.at(-1)!.done} images: ${((Math.max(...settled) - settled[0]!) / MB).toFixed(1)} MB`);
    console.log(`feature reservoir: ${result.report.model?.features?.sample.field ?? 0} of ${result.report.field.images} field vectors kept; KS sample per statistic: ${result.report.statistics[0]!.ksSample.field}`);
  } finally {
    await engine.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
