/**
 * COCO-style average precision, computed as pycocotools' COCOeval computes bbox AP for area "all" and 100 detections
 * per image: per image and class, detections in descending score order (stable) take the unmatched truth box they
 * overlap most at IoU ≥ t, for t in 0.50:0.05:0.95; over the run, per class, precision is made monotone and read at
 * 101 recall points (first point where recall ≥ r, 0 beyond the last); AP is their mean, mAP the mean over classes
 * that have truth boxes (a class only detected has no AP, as in COCO).
 *
 * The accumulator keeps, per class, the truth count and each detection's score and the thresholds it matched at:
 * counts and lists, so that a checkpoint restores it exactly and merging shards in image order equals one run.
 */
import { z } from 'zod';
import { iou } from './boxes.js';
import type { ClassedBox } from './match.js';

/** np.linspace(start, stop, num) bit for bit: i·step + start, the last value exactly `stop`. */
function linspace(start: number, stop: number, num: number): number[] {
  const step = (stop - start) / (num - 1);
  const out = Array.from({ length: num }, (_, i) => i * step + start);
  out[num - 1] = stop;
  return out;
}

export const IOU_THRESHOLDS = linspace(0.5, 0.95, 10);
export const RECALL_THRESHOLDS = linspace(0, 1, 101);
/** COCO's maxDets for the AP figures; per image and class, as COCOeval truncates. */
export const MAX_DETECTIONS_PER_IMAGE = 100;
/** numpy's spacing(1), which COCOeval adds to precision's denominator. */
const EPS = 2.220446049250313e-16;

export interface ScoredBox extends ClassedBox {
  score: number;
}

interface ClassRecord {
  truths: number;
  scores: number[];
  /** Bit t set: the detection matched a truth box at IOU_THRESHOLDS[t]. */
  hits: number[];
}

export const ApStateSchema = z.array(z.tuple([z.number().int(), z.number().int(), z.array(z.number()), z.array(z.number().int())]));
export type ApState = z.infer<typeof ApStateSchema>;

export class ApAccumulator {
  private readonly classes = new Map<number, ClassRecord>();

  /** Adds one image: its detections (any order) and its truth boxes. */
  addImage(detections: readonly ScoredBox[], truths: readonly ClassedBox[]): void {
    const byClass = new Map<number, { dets: ScoredBox[]; truths: ClassedBox[] }>();
    const group = (cls: number): { dets: ScoredBox[]; truths: ClassedBox[] } => {
      let g = byClass.get(cls);
      if (!g) byClass.set(cls, (g = { dets: [], truths: [] }));
      return g;
    };
    for (const d of detections) group(d.class).dets.push(d);
    for (const t of truths) group(t.class).truths.push(t);
    for (const [cls, g] of byClass) {
      const record = this.record(cls);
      record.truths += g.truths.length;
      const dets = g.dets.map((d, i) => ({ d, i })).sort((a, b) => b.d.score - a.d.score || a.i - b.i).slice(0, MAX_DETECTIONS_PER_IMAGE);
      const taken = IOU_THRESHOLDS.map(() => new Uint8Array(g.truths.length));
      for (const { d } of dets) {
        const overlaps = g.truths.map((t) => iou(d.box, t.box));
        let hits = 0;
        IOU_THRESHOLDS.forEach((threshold, t) => {
          let best = -1;
          let bestIou = Math.min(threshold, 1 - 1e-10);
          for (let k = 0; k < overlaps.length; k++) {
            if (taken[t]![k] || overlaps[k]! < bestIou) continue;
            bestIou = overlaps[k]!;
            best = k;
          }
          if (best >= 0) {
            taken[t]![best] = 1;
            hits |= 1 << t;
          }
        });
        record.scores.push(d.score);
        record.hits.push(hits);
      }
    }
  }

  /** mAP at IoU 0.5; null when no class has a truth box. */
  map50(): number | null {
    return this.meanAp([0]);
  }

  /** mAP averaged over IoU 0.50:0.05:0.95; null when no class has a truth box. */
  map50to95(): number | null {
    return this.meanAp(IOU_THRESHOLDS.map((_, t) => t));
  }

  /** AP of each class with truth boxes at threshold index t (for tests against pycocotools' per-class figures). */
  classAp(t: number): Map<number, number> {
    const out = new Map<number, number>();
    for (const [cls, record] of [...this.classes].sort((a, b) => a[0] - b[0])) {
      if (record.truths > 0) out.set(cls, averagePrecision(record, t));
    }
    return out;
  }

  toState(): ApState {
    return [...this.classes].map(([cls, r]) => [cls, r.truths, [...r.scores], [...r.hits]]);
  }

  static restore(raw: unknown): ApAccumulator {
    const acc = new ApAccumulator();
    for (const [cls, truths, scores, hits] of ApStateSchema.parse(raw)) {
      if (scores.length !== hits.length) throw new Error('checkpoint: AP scores and hits differ in length');
      acc.classes.set(cls, { truths, scores, hits });
    }
    return acc;
  }

  /** Appends another accumulator's images after this one's. */
  merge(other: ApAccumulator): void {
    for (const [cls, r] of other.classes) {
      const record = this.record(cls);
      record.truths += r.truths;
      record.scores.push(...r.scores);
      record.hits.push(...r.hits);
    }
  }

  private record(cls: number): ClassRecord {
    let r = this.classes.get(cls);
    if (!r) this.classes.set(cls, (r = { truths: 0, scores: [], hits: [] }));
    return r;
  }

  private meanAp(thresholds: readonly number[]): number | null {
    const withTruth = [...this.classes.values()].filter((r) => r.truths > 0);
    if (withTruth.length === 0) return null;
    let sum = 0;
    for (const t of thresholds) {
      let perClass = 0;
      for (const r of withTruth) perClass += averagePrecision(r, t);
      sum += perClass / withTruth.length;
    }
    return sum / thresholds.length;
  }
}

/** One class's AP at threshold index t: monotone precision read at the 101 recall points, averaged. */
function averagePrecision(record: ClassRecord, t: number): number {
  const n = record.scores.length;
  const order = record.scores.map((_, i) => i).sort((a, b) => record.scores[b]! - record.scores[a]! || a - b);
  const recall = new Float64Array(n);
  const precision = new Float64Array(n);
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < n; i++) {
    if (record.hits[order[i]!]! & (1 << t)) tp++;
    else fp++;
    recall[i] = tp / record.truths;
    precision[i] = tp / (fp + tp + EPS);
  }
  for (let i = n - 1; i > 0; i--) if (precision[i]! > precision[i - 1]!) precision[i - 1] = precision[i]!;
  let sum = 0;
  let p = 0;
  for (const r of RECALL_THRESHOLDS) {
    while (p < n && recall[p]! < r) p++;
    if (p >= n) break;
    sum += precision[p]!;
  }
  return sum / RECALL_THRESHOLDS.length;
}
