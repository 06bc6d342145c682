/**
 * Sample images of a zoo model: a folder of the repository's samples (text lines, document pages), or scenes made in
 * code — a sky-to-ground gradient, a sun, hills, houses, trees and people-like figures drawn by sharp from SVG with a
 * seeded layout, so every machine gets the same pixels. They exercise a model's numerics on natural-looking input; they
 * are not the model's own data, so bars on them are agreement between models, not accuracy.
 */
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { seededRandom } from '../../shared/seeded-random.js';
import { moveIntoCache, REPO, zooCache, type ZooModel } from './zoo-models.js';

function scene(width: number, height: number, seed: number): string {
  const rnd = seededRandom(seed);
  const pick = (a: number, b: number): number => a + (b - a) * rnd();
  const hue = Math.round(pick(180, 230));
  const shapes: string[] = [];
  shapes.push(`<circle cx="${pick(0.1, 0.9) * width}" cy="${pick(0.05, 0.3) * height}" r="${pick(0.04, 0.09) * width}" fill="hsl(${Math.round(pick(35, 55))},90%,70%)"/>`);
  for (let i = 0; i < 3; i++) {
    const y = pick(0.45, 0.75) * height;
    shapes.push(`<ellipse cx="${pick(0, 1) * width}" cy="${y + height * 0.3}" rx="${pick(0.3, 0.7) * width}" ry="${height * 0.35}" fill="hsl(${Math.round(pick(80, 130))},${Math.round(pick(30, 60))}%,${Math.round(pick(25, 45))}%)"/>`);
  }
  for (let i = 0; i < 2 + Math.floor(rnd() * 3); i++) {
    const w = pick(0.1, 0.2) * width;
    const x = pick(0, 0.85) * width;
    const base = pick(0.6, 0.85) * height;
    shapes.push(`<rect x="${x}" y="${base - w}" width="${w}" height="${w}" fill="hsl(${Math.round(pick(0, 40))},${Math.round(pick(20, 60))}%,${Math.round(pick(40, 75))}%)"/>`);
    shapes.push(`<polygon points="${x - w * 0.1},${base - w} ${x + w / 2},${base - w * 1.6} ${x + w * 1.1},${base - w}" fill="hsl(${Math.round(pick(0, 20))},50%,30%)"/>`);
  }
  for (let i = 0; i < 1 + Math.floor(rnd() * 3); i++) {
    const s = pick(0.08, 0.16) * height;
    const x = pick(0.1, 0.9) * width;
    const y = pick(0.55, 0.8) * height;
    shapes.push(`<ellipse cx="${x}" cy="${y}" rx="${s * 0.35}" ry="${s * 0.8}" fill="hsl(${Math.round(pick(0, 360))},45%,40%)"/>`);
    shapes.push(`<circle cx="${x}" cy="${y - s * 1.05}" r="${s * 0.32}" fill="hsl(${Math.round(pick(20, 35))},${Math.round(pick(35, 55))}%,${Math.round(pick(45, 75))}%)"/>`);
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="hsl(${hue},70%,55%)"/><stop offset="1" stop-color="hsl(${hue},40%,85%)"/></linearGradient></defs>
<rect width="100%" height="100%" fill="url(#sky)"/>${shapes.join('')}</svg>`;
}

async function writeScenes(dir: string, count: number, width: number, height: number): Promise<void> {
  const temp = `${dir}.part-${process.pid}`;
  await rm(temp, { recursive: true, force: true });
  await mkdir(temp, { recursive: true });
  for (let i = 0; i < count; i++) {
    const png = await sharp(Buffer.from(scene(width, height, 1000 + i))).png().toBuffer();
    await writeFile(path.join(temp, `scene-${String(i).padStart(2, '0')}.png`), png);
  }
  await moveIntoCache(temp, dir);
}

/** The images folder (and labels file, if any) of a zoo model, made once in the cache when generated. */
export async function zooImages(model: ZooModel): Promise<{ dir: string; labels: string | null; max: number }> {
  const images = model.images;
  if ('repo' in images) {
    return { dir: path.join(REPO, images.repo), labels: images.labels ? path.join(REPO, images.labels) : null, max: images.max };
  }
  const dir = path.join(zooCache(), 'images', `scenes-${images.width}x${images.height}-${images.count}`);
  if (!existsSync(dir)) await writeScenes(dir, images.count, images.width, images.height);
  return { dir, labels: null, max: images.count };
}
