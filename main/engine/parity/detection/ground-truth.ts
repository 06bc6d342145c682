/**
 * Ground-truth boxes for `--boxes`: a COCO JSON file (images by file name, bbox [x, y, w, h] in pixels, categories
 * mapped to the model's classes by name when the spec names its classes, else in id order as COCO-80 models count
 * them; crowd annotations left out) or a folder of YOLO txt files (`<image stem>.txt` beside the image's relative
 * path, lines `class cx cy w h` in 0–1 of the image; an image without a file has no objects).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ParityError } from '../../../../shared/errors.js';
import type { GroundTruthSummary } from '../../../../shared/report/report.js';
import type { TruthBox } from '../../../../shared/report/detection.js';

/** Truth boxes of the compared images, by relative path (forward slashes). */
export interface GroundTruth {
  summary: GroundTruthSummary;
  /** The image's boxes in its pixels; null when the file does not cover the image. */
  boxesOf(relPath: string, size: { width: number; height: number }): TruthBox[] | null;
}

const BOXES_HINT = '--boxes takes a COCO JSON file (images, annotations, categories) or a folder of YOLO txt files named like the images.';
/** A COCO file for a few thousand images is tens of MB; this refuses a wrong file before JSON.parse takes the memory. */
const MAX_JSON_BYTES = 512 * 1024 * 1024;

const CocoSchema = z.object({
  images: z.array(z.object({ id: z.union([z.number(), z.string()]), file_name: z.string() })),
  annotations: z.array(
    z.object({
      image_id: z.union([z.number(), z.string()]),
      category_id: z.number().int(),
      bbox: z.tuple([z.number(), z.number(), z.number().min(0), z.number().min(0)]),
      iscrowd: z.union([z.number(), z.boolean()]).optional(),
    }),
  ),
  categories: z.array(z.object({ id: z.number().int(), name: z.string() })),
});

/** Reads `--boxes` for the images of a run (relative paths), with the model's class names when the spec gives them. */
export async function readGroundTruth(source: string, relPaths: readonly string[], classNames: readonly string[] | null): Promise<GroundTruth> {
  const stat = await fs.stat(source).catch(() => null);
  if (!stat) throw new ParityError('BAD_OPTION', `--boxes: ${source} does not exist.`, BOXES_HINT);
  return stat.isDirectory() ? readYoloFolder(source, relPaths) : readCoco(source, stat.size, relPaths, classNames);
}

async function readCoco(file: string, size: number, relPaths: readonly string[], classNames: readonly string[] | null): Promise<GroundTruth> {
  if (size > MAX_JSON_BYTES) throw new ParityError('BAD_OPTION', `--boxes: ${file} is ${Math.round(size / 2 ** 20)} MB, more than a COCO file for a test set.`, BOXES_HINT);
  let parsed: z.infer<typeof CocoSchema>;
  try {
    parsed = CocoSchema.parse(JSON.parse(await fs.readFile(file, 'utf8')));
  } catch (error) {
    const why = error instanceof z.ZodError ? `${error.issues[0]?.path.join('.')}: ${error.issues[0]?.message}` : (error as Error).message;
    throw new ParityError('BAD_OPTION', `--boxes: ${file} is not a COCO annotation file (${why}).`, BOXES_HINT);
  }
  const classOf = categoryMapping(parsed.categories, classNames, file);
  const byFile = matchFiles(parsed.images.map((im) => im.file_name), relPaths);
  const idToRel = new Map<string, string>();
  parsed.images.forEach((im) => {
    const rel = byFile.get(im.file_name);
    if (rel !== undefined) idToRel.set(String(im.id), rel);
  });
  const boxes = new Map<string, TruthBox[]>([...idToRel.values()].map((rel) => [rel, []]));
  let count = 0;
  for (const a of parsed.annotations) {
    const rel = idToRel.get(String(a.image_id));
    if (rel === undefined || a.iscrowd === 1 || a.iscrowd === true) continue;
    const cls = classOf.get(a.category_id);
    if (cls === undefined) continue;
    const [x, y, w, h] = a.bbox;
    boxes.get(rel)!.push({ box: [x, y, x + w, y + h], class: cls });
    count++;
  }
  if (boxes.size === 0) {
    throw new ParityError('BAD_OPTION', `--boxes: none of the ${parsed.images.length} images in ${file} is one of the compared images.`, 'The file_name of each COCO image must be the image’s path under --images, or its file name.');
  }
  return { summary: { path: file, format: 'coco', images: boxes.size, boxes: count }, boxesOf: (rel) => boxes.get(rel) ?? null };
}

/** Category id → class index: by name when the spec names the model's classes, else in ascending id order. */
function categoryMapping(categories: z.infer<typeof CocoSchema>['categories'], classNames: readonly string[] | null, file: string): Map<number, number> {
  const sorted = [...categories].sort((a, b) => a.id - b.id);
  if (classNames) {
    const unknown = sorted.filter((c) => !classNames.includes(c.name));
    if (unknown.length === 0) return new Map(sorted.map((c) => [c.id, classNames.indexOf(c.name)]));
    if (unknown.length < sorted.length) {
      throw new ParityError(
        'BAD_OPTION',
        `--boxes: categories ${unknown.slice(0, 5).map((c) => `"${c.name}"`).join(', ')} of ${file} are not among the spec's classes.`,
        'Name the categories as the classes file does, or leave "classes" out of the spec to map categories in id order.',
      );
    }
  }
  return new Map(sorted.map((c, i) => [c.id, i]));
}

/** COCO file names → relative paths: the path itself, else a file name that only one compared image has. */
function matchFiles(fileNames: readonly string[], relPaths: readonly string[]): Map<string, string> {
  const rels = new Set(relPaths);
  const byBase = new Map<string, string | null>();
  for (const rel of relPaths) {
    const base = path.posix.basename(rel);
    byBase.set(base, byBase.has(base) ? null : rel);
  }
  const out = new Map<string, string>();
  for (const name of fileNames) {
    const normal = name.replace(/\\/g, '/');
    const rel = rels.has(normal) ? normal : byBase.get(path.posix.basename(normal));
    if (rel) out.set(name, rel);
  }
  return out;
}

async function readYoloFolder(folder: string, relPaths: readonly string[]): Promise<GroundTruth> {
  const lines = new Map<string, number[][]>();
  let count = 0;
  for (const rel of relPaths) {
    const stem = rel.replace(/\.[^./]+$/, '');
    const candidates = [path.join(folder, `${stem}.txt`), path.join(folder, `${path.posix.basename(stem)}.txt`)];
    let text: string | null = null;
    for (const c of candidates) {
      text = await fs.readFile(c, 'utf8').catch(() => null);
      if (text !== null) break;
    }
    if (text === null) continue;
    const rows = text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'))
      .map((l, i) => {
        const v = l.split(/\s+/).map(Number);
        if (v.length < 5 || v.slice(0, 5).some((n) => !Number.isFinite(n)) || !Number.isInteger(v[0]) || v[0]! < 0) {
          throw new ParityError('BAD_OPTION', `--boxes: line ${i + 1} of the labels of ${rel} is not "class cx cy w h".`, BOXES_HINT);
        }
        return v.slice(0, 5);
      });
    lines.set(rel, rows);
    count += rows.length;
  }
  if (lines.size === 0) {
    throw new ParityError('BAD_OPTION', `--boxes: ${folder} has no YOLO txt file for any of the ${relPaths.length} compared images.`, BOXES_HINT);
  }
  return {
    summary: { path: folder, format: 'yolo', images: relPaths.length, boxes: count },
    boxesOf(rel, size) {
      return (lines.get(rel) ?? []).map(([cls, cx, cy, w, h]) => ({
        box: [(cx! - w! / 2) * size.width, (cy! - h! / 2) * size.height, (cx! + w! / 2) * size.width, (cy! + h! / 2) * size.height],
        class: cls!,
      }));
    },
  };
}
