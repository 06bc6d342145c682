/**
 * Speed of every perturbation at every severity on 224×224 images (the sample's document pages and text lines,
 * fitted to 224×224), one image at a time on one core. Prints the mean CPU milliseconds per image for each
 * (perturbation, severity) — CPU time of this process, best of a few rounds, so other processes on a shared
 * machine distort it less than wall time — against the 25 ms budget, the five slowest, and the same at the demo
 * classifier's 192×48.
 * Textures (frost) are generated during the measured pass, so their one-time cost is spread over the images as
 * in a real run.
 *
 *   npx esbuild bench/perturb-speed.ts --bundle --platform=node --format=esm --external:sharp \
 *     --outfile=dist/bench/perturb-speed.mjs && node dist/bench/perturb-speed.mjs [--images 12] [--rounds 3]
 */
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { decodeImage, fitToInput, type RgbImage } from '../main/engine/images/index.js';
import { imageDigest, perturbImage } from '../main/engine/perturb/index.js';
import { PERTURBATION_NAMES, SEVERITIES, type PerturbationName, type Severity } from '../shared/perturbations/index.js';

const BUDGET_MS = 25;
sharp.concurrency(1);

function argument(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

async function sampleImages(count: number, width: number, height: number): Promise<RgbImage[]> {
  const root = path.resolve('samples');
  const pages = readdirSync(path.join(root, 'documents/images')).map((f) => path.join(root, 'documents/images', f));
  const lines = readdirSync(path.join(root, 'orientation/images/0')).map((f) => path.join(root, 'orientation/images/0', f));
  const files: string[] = [];
  for (let i = 0; files.length < count; i++) files.push(i % 2 === 0 ? pages[(i / 2) % pages.length]! : lines[((i - 1) / 2) % lines.length]!);
  return Promise.all(files.map(async (f) => fitToInput(await decodeImage(f), { resize: 'stretch', width, height })));
}

interface Row {
  name: PerturbationName;
  severity: Severity;
  cpu: number;
  wall: number;
}

/**
 * Mean per image over the images, in each of `rounds` rounds; the round with the least CPU time is kept, since on a
 * shared machine a round can only be slowed down by others, never sped up.
 */
async function measure(images: RgbImage[], seed: number, rounds: number): Promise<Row[]> {
  const digests = images.map(imageDigest);
  const rows: Row[] = [];
  for (const name of PERTURBATION_NAMES) {
    for (const severity of SEVERITIES) {
      let best: Row | null = null;
      for (let round = 0; round < rounds; round++) {
        const c0 = cpuMs();
        const w0 = performance.now();
        // Seeds differ per round so that textures and fields are made anew, as for new images.
        for (let i = 0; i < images.length; i++) await perturbImage(images[i]!, { name, severity, seed: seed + round }, digests[i]);
        const row = { name, severity, cpu: (cpuMs() - c0) / images.length, wall: (performance.now() - w0) / images.length };
        if (!best || row.cpu < best.cpu) best = row;
      }
      rows.push(best!);
    }
  }
  return rows;
}

function report(title: string, rows: Row[], budget: number | null): void {
  console.log(`\n${title}`);
  console.log(`${'perturbation'.padEnd(20)} ${SEVERITIES.map((s) => `s${s} ms`.padStart(8)).join(' ')}   mean`);
  for (const name of PERTURBATION_NAMES) {
    const mine = rows.filter((r) => r.name === name);
    const mean = mine.reduce((a, r) => a + r.cpu, 0) / mine.length;
    console.log(`${name.padEnd(20)} ${mine.map((r) => r.cpu.toFixed(2).padStart(8)).join(' ')} ${mean.toFixed(2).padStart(7)}`);
  }
  const slowest = [...rows].sort((a, b) => b.cpu - a.cpu).slice(0, 5);
  console.log('five slowest (CPU ms per image, wall ms in brackets):');
  for (const r of slowest) {
    const ratio = budget ? `  ${(r.cpu / budget).toFixed(2)}× the ${budget} ms budget` : '';
    console.log(`  ${`${r.name} s${r.severity}`.padEnd(24)} ${r.cpu.toFixed(2).padStart(7)} (${r.wall.toFixed(2)})${ratio}`);
  }
  if (budget) {
    const over = rows.filter((r) => r.cpu > budget);
    console.log(over.length === 0 ? `all ${rows.length} within ${budget} ms` : `${over.length} of ${rows.length} over ${budget} ms: ${over.map((r) => `${r.name} s${r.severity}`).join(', ')}`);
  }
}

const count = argument('images', 12);
const rounds = argument('rounds', 3);
console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.availableParallelism()} logical cores`);
const warm = await sampleImages(2, 224, 224);
await measure(warm, 100, 1);
const at224 = await sampleImages(count, 224, 224);
report(`224×224, ${count} images (half document pages, half text lines), mean CPU ms per image, best of ${rounds} rounds`, await measure(at224, 0, rounds), BUDGET_MS);
const at192 = await sampleImages(count, 192, 48);
report(`192×48 (the demo classifier's input), ${count} images, best of ${rounds} rounds`, await measure(at192, 0, rounds), null);
console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
