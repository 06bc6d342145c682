/**
 * Parity's COCO mAP against the peer every detection team uses, pycocotools' COCOeval, on the same seeded scenario
 * (500 images, 20 classes, up to 15 truth boxes and their jittered detections plus false alarms per image): both
 * figures must agree, and the time of each is printed with their ratio. Needs Python with numpy and pycocotools.
 * Run: node dist/bench/coco-map-speed.js [python (default /work/venv/bin/python)] [images]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApAccumulator, type ScoredBox } from '../main/engine/parity/detection/coco-ap.js';
import type { ClassedBox } from '../main/engine/parity/detection/match.js';

interface Scenario {
  images: Array<{ truths: number[][]; detections: number[][] }>;
  expected: { map50: number; map50_95: number };
  seconds: number;
}

const corners = (b: number[]): [number, number, number, number] => [b[0]!, b[1]!, b[0]! + b[2]!, b[1]! + b[3]!];

function main(): void {
  const python = process.argv[2] ?? '/work/venv/bin/python';
  const images = process.argv[3] ?? '500';
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const scratch = mkdtempSync(path.join(tmpdir(), 'parity-bench-map-'));
  try {
    const file = path.join(scratch, 'scenario.json');
    execFileSync(python, [path.join(root, 'bench', 'coco-map-speed.py'), file, images], { stdio: 'inherit' });
    const sc = JSON.parse(readFileSync(file, 'utf8')) as Scenario;
    const truths = sc.images.map((im) => im.truths.map((t): ClassedBox => ({ box: corners(t), class: t[4]! })));
    const dets = sc.images.map((im) => im.detections.map((d): ScoredBox => ({ box: corners(d), score: d[4]!, class: d[5]! })));
    let best = Infinity;
    let map50 = 0;
    let map50to95 = 0;
    for (let r = 0; r < 3; r++) {
      const t0 = performance.now();
      const acc = new ApAccumulator();
      sc.images.forEach((_, i) => acc.addImage(dets[i]!, truths[i]!));
      map50 = acc.map50() ?? NaN;
      map50to95 = acc.map50to95() ?? NaN;
      best = Math.min(best, performance.now() - t0);
    }
    const boxes = dets.reduce((s, d) => s + d.length, 0);
    console.log(`${sc.images.length} images, ${boxes} detections, ${truths.reduce((s, t) => s + t.length, 0)} truth boxes`);
    console.log(`pycocotools COCOeval  ${(sc.seconds * 1000).toFixed(0).padStart(7)} ms   mAP@0.5 ${sc.expected.map50.toFixed(12)}   mAP@0.5:0.95 ${sc.expected.map50_95.toFixed(12)}`);
    console.log(`Parity ApAccumulator  ${best.toFixed(0).padStart(7)} ms   mAP@0.5 ${map50.toFixed(12)}   mAP@0.5:0.95 ${map50to95.toFixed(12)}`);
    const same = Math.abs(map50 - sc.expected.map50) < 1e-12 && Math.abs(map50to95 - sc.expected.map50_95) < 1e-12;
    console.log(`figures ${same ? 'equal (to 1e-12)' : 'DIFFER'}; Parity takes ${(best / (sc.seconds * 1000)).toFixed(3)}× pycocotools' time (best of 3 each)`);
    process.exitCode = same ? 0 : 1;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main();
