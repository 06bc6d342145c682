/**
 * Branches and foliage between the camera and the subject, drawn as dark silhouettes (backlit foliage). Each tree
 * enters from a random edge aiming near the centre; a branch is a chain of slightly bending, tapering strokes that
 * splits into two or three thinner, shorter branches, four levels deep; twigs (level ≥ 2) carry alternating leaves
 * and end in a small cluster. Trees come from the severity-independent layout stream and are drawn piece by piece
 * until the covered share reaches the severity's target, so a stronger severity shows the same foliage plus more.
 */
import type { RgbImage } from '../../images/index.js';
import type { Rng } from '../rng.js';
import { SilhouetteCanvas, type Rgb } from './silhouette-canvas.js';

const MAX_TREES = 120;
const MAX_DEPTH = 4;

interface Branch {
  x: number;
  y: number;
  angle: number;
  length: number;
  radius: number;
  depth: number;
}

function bark(rng: Rng): Rgb {
  const k = rng.range(0.75, 1.2);
  return [46 * k, 36 * k, 27 * k];
}

function foliage(rng: Rng): Rgb {
  return [rng.range(28, 58), rng.range(48, 86), rng.range(22, 44)];
}

/** Draws one tree, piece by piece; stops (returning true) as soon as the canvas covers `target`. */
function drawTree(canvas: SilhouetteCanvas, rng: Rng, target: number): boolean {
  const { width: w, height: h } = canvas;
  const diag = Math.hypot(w, h);
  const side = rng.int(0, 4);
  const along = rng.uniform();
  const margin = 0.02 * Math.min(w, h);
  const start: [number, number] =
    side === 0 ? [along * w, -margin] : side === 1 ? [w + margin, along * h] : side === 2 ? [along * w, h + margin] : [-margin, along * h];
  const aimX = w * (0.5 + rng.range(-0.25, 0.25));
  const aimY = h * (0.5 + rng.range(-0.25, 0.25));
  const colour = bark(rng);
  const pending: Branch[] = [
    {
      x: start[0],
      y: start[1],
      angle: Math.atan2(aimY - start[1], aimX - start[0]) + rng.range(-0.35, 0.35),
      length: rng.range(0.35, 0.7) * diag,
      radius: rng.range(0.008, 0.016) * diag,
      depth: 0,
    },
  ];
  const step = 0.05 * diag;
  const leafSpacing = 0.035 * diag;
  while (pending.length > 0) {
    const b = pending.pop()!;
    const pieces = Math.max(1, Math.ceil(b.length / step));
    let { x, y, angle } = b;
    let leafSide = rng.uniform() < 0.5 ? 1 : -1;
    let sinceLeaf = rng.range(0, leafSpacing);
    for (let p = 0; p < pieces; p++) {
      const r0 = b.radius * (1 - 0.35 * (p / pieces));
      const r1 = b.radius * (1 - 0.35 * ((p + 1) / pieces));
      const len = b.length / pieces;
      angle += rng.range(-0.18, 0.18);
      const nx = x + Math.cos(angle) * len;
      const ny = y + Math.sin(angle) * len;
      canvas.capsule(x, y, nx, ny, Math.max(0.4, r0), Math.max(0.4, r1), colour);
      if (b.depth >= 2) {
        sinceLeaf += len;
        while (sinceLeaf >= leafSpacing) {
          sinceLeaf -= leafSpacing;
          const t = rng.uniform();
          const leafLength = rng.range(0.03, 0.06) * diag;
          canvas.leaf(x + (nx - x) * t, y + (ny - y) * t, angle + leafSide * rng.range(0.5, 1.1), leafLength, leafLength * rng.range(0.18, 0.28), foliage(rng));
          leafSide = -leafSide;
        }
      }
      x = nx;
      y = ny;
      if (canvas.coverage >= target) return true;
    }
    if (b.depth >= 2) {
      const cluster = rng.int(2, 4);
      for (let k = 0; k < cluster; k++) {
        const leafLength = rng.range(0.035, 0.065) * diag;
        canvas.leaf(x, y, angle + rng.range(-0.9, 0.9), leafLength, leafLength * rng.range(0.18, 0.28), foliage(rng));
      }
      if (canvas.coverage >= target) return true;
    }
    if (b.depth < MAX_DEPTH && b.radius > 0.5) {
      const children = rng.int(2, 4);
      for (let k = 0; k < children; k++) {
        pending.push({
          x,
          y,
          angle: angle + (k % 2 === 0 ? 1 : -1) * rng.range(0.3, 0.8),
          length: b.length * rng.range(0.5, 0.75),
          radius: b.radius * 0.62,
          depth: b.depth + 1,
        });
      }
    }
  }
  return canvas.coverage >= target;
}

export function occlusionBranches(image: RgbImage, params: { coverage: number }, layout: Rng): RgbImage {
  const canvas = new SilhouetteCanvas(image.width, image.height);
  for (let tree = 0; tree < MAX_TREES && !drawTree(canvas, layout, params.coverage); tree++);
  return canvas.over(image);
}
