/**
 * Memory over a long run: the engine's resident set size while a compare job works through 5,000 images
 * (the demo lines copied 25 times under different names, so nothing is served from a cache), printed every
 * 500 images. Target: flat — no growth beyond the per-image results the report keeps (~1–2 KB each).
 * Run: node dist/bench/compare-rss.js [images]
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EngineClient, forkChannelFactory } from '../main/engine/index.js';
import { locateSample } from '../main/engine/samples/index.js';

const MB = 1024 * 1024;

function buildImageFolder(source: string, target: string, count: number): void {
  const files: string[] = [];
  for (const cls of readdirSync(source)) for (const f of readdirSync(path.join(source, cls))) files.push(path.join(cls, f));
  for (let i = 0; i < count; i++) {
    const file = files[i % files.length]!;
    const dir = path.join(target, path.dirname(file));
    mkdirSync(dir, { recursive: true });
    copyFileSync(path.join(source, file), path.join(dir, `${String(i).padStart(5, '0')}-${path.basename(file)}`));
  }
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 5000);
  const scratch = mkdtempSync(path.join(tmpdir(), 'parity-bench-rss-'));
  const sample = locateSample();
  const images = path.join(scratch, 'images');
  buildImageFolder(sample.imagesDir, images, count);
  const engine = new EngineClient(forkChannelFactory());
  const rows: Array<{ done: number; rss: number }> = [];
  let next = 0;
  try {
    await engine.whenReady();
    await engine.run(
      'compare',
      { reference: sample.modelPath, candidate: sample.modelPath, images, labels: sample.labelsPath, preprocess: sample.preprocess, runDir: path.join(scratch, 'run') },
      {
        onProgress: (p) => {
          if (p.stage === 'comparing' && p.done >= next && engine.engineRssBytes > 0) {
            rows.push({ done: p.done, rss: engine.engineRssBytes });
            next += 500;
          }
        },
      },
    );
  } finally {
    await engine.close();
    rmSync(scratch, { recursive: true, force: true });
  }
  console.log('images done   engine RSS (MB, last heartbeat)');
  for (const row of rows) console.log(`${String(row.done).padStart(11)}   ${(row.rss / MB).toFixed(1).padStart(8)}`);
  const settled = rows.filter((r) => r.done >= 500);
  if (settled.length >= 2) {
    const first = settled[0]!;
    const last = settled[settled.length - 1]!;
    const perThousand = ((last.rss - first.rss) / MB / (last.done - first.done)) * 1000;
    console.log(`growth after the first 500 images: ${perThousand.toFixed(2)} MB per 1,000 images (${((last.rss / first.rss - 1) * 100).toFixed(1)}% over the run)`);
  }
}

await main();
