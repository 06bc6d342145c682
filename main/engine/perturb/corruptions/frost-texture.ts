/**
 * Procedural frost, made by Parity instead of ImageNet-C's six photographs (nothing is downloaded or shipped):
 * a plasma haze plus dendritic ice crystals — stems with side branches at ±60° (ice's hexagonal habit) and twigs
 * on those — drawn as soft anti-aliased strokes, tone-mapped so dense crystal areas saturate to white, plus a
 * little glitter; tinted bluish-white. Textures depend only on (seed, variant, size), are made on demand and kept
 * in a small in-process cache, so each image only pays for a crop.
 */
import { blurPlane } from '../kernels/gaussian-blur.js';
import { plasmaFractal } from '../kernels/plasma.js';
import { resizePlane } from '../kernels/resize-plane.js';
import { Rng } from '../rng.js';

/** How many different textures a run draws from (ImageNet-C: 6 photographs). */
export const FROST_VARIANTS = 4;
const TINT = [0.8, 0.9, 1.0] as const;
const CACHE_LIMIT = 12;
const cache = new Map<string, Uint8Array>();

/** Adds `amount` at a sub-pixel position, spread over the four nearest pixels. */
function splat(map: Float32Array, w: number, h: number, x: number, y: number, amount: number): void {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const fx = x - x0;
  const fy = y - y0;
  if (x0 >= 0 && y0 >= 0 && x0 + 1 < w && y0 + 1 < h) {
    const i = y0 * w + x0;
    map[i]! += amount * (1 - fx) * (1 - fy);
    map[i + 1]! += amount * fx * (1 - fy);
    map[i + w]! += amount * (1 - fx) * fy;
    map[i + w + 1]! += amount * fx * fy;
  }
}

interface Stroke {
  x: number;
  y: number;
  angle: number;
  length: number;
  brightness: number;
  depth: number;
}

/** Draws one crystal: a slightly wandering stem whose side branches (and their twigs) leave at ±60°. */
function drawCrystal(map: Float32Array, w: number, h: number, root: Stroke, rng: Rng): void {
  const pending: Stroke[] = [root];
  while (pending.length > 0) {
    const s = pending.pop()!;
    let { x, y, angle } = s;
    let nextBranch = rng.range(1.5, 3.5);
    let side = rng.uniform() < 0.5 ? 1 : -1;
    for (let t = 0; t < s.length; t += 0.5) {
      splat(map, w, h, x, y, s.brightness * 0.5);
      x += 0.5 * Math.cos(angle);
      y += 0.5 * Math.sin(angle);
      angle += rng.range(-0.04, 0.04);
      if (s.depth < 2 && t >= nextBranch) {
        const remaining = s.length - t;
        pending.push({
          x,
          y,
          angle: angle + side * (Math.PI / 3) + rng.range(-0.12, 0.12),
          length: Math.min(remaining, s.length * 0.5) * rng.range(0.3, 0.6),
          brightness: s.brightness * 0.7,
          depth: s.depth + 1,
        });
        side = -side;
        nextBranch = t + rng.range(1.5, 3.5) * (s.depth + 1);
      }
    }
  }
}

function generate(width: number, height: number, variant: number, seed: number): Uint8Array {
  const rng = Rng.fromKey(`parity-frost-texture/1|${seed}|${variant}|${width}x${height}`);
  const n = width * height;
  // The haze and the density of crystals vary slowly: a coarse plasma, enlarged, is enough for both.
  const coarse = plasmaFractal(64, 2, rng);
  const haze = resizePlane(coarse, 64, 64, width, height);
  const crystals = new Float32Array(n);
  const count = Math.max(4, Math.round(n / 350));
  for (let k = 0; k < count; k++) {
    const x = rng.range(0, width);
    const y = rng.range(0, height);
    // Fewer crystals where the haze is thin: frost grows in patches.
    if (haze[Math.floor(y) * width + Math.floor(x)]! < rng.range(0, 0.7)) continue;
    drawCrystal(crystals, width, height, { x, y, angle: rng.range(0, 2 * Math.PI), length: rng.range(8, 40), brightness: rng.range(0.5, 1), depth: 0 }, rng);
  }
  const soft = blurPlane(crystals, width, height, 0.7);
  const out = new Uint8Array(n * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const base = 0.22 + 0.28 * haze[i]!;
      const ice = 1 - Math.exp(-1.8 * soft[i]!);
      const glitter = rng.uniform() < 0.003 ? rng.range(0.2, 0.5) : rng.range(-0.03, 0.03);
      const v = Math.min(1, Math.max(0, base + 0.75 * ice + glitter));
      for (let c = 0; c < 3; c++) out[i * 3 + c] = Math.round(v * TINT[c]! * 255);
    }
  }
  return out;
}

/** Frost texture `variant` (0 … FROST_VARIANTS−1) of width × height for `seed`, interleaved RGB bytes. */
export function frostTexture(width: number, height: number, variant: number, seed: number): Uint8Array {
  const key = `${seed}|${variant}|${width}x${height}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const texture = generate(width, height, variant, seed);
  cache.set(key, texture);
  while (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  return texture;
}
