/**
 * Parity's COCO mAP equals pycocotools' on fixtures that bench/coco-map-fixtures.py computed once with COCOeval
 * (ties of scores across images, > 100 detections on an image, classes only detected or never detected), and its
 * state survives a checkpoint and a merge of shards exactly.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ApAccumulator, IOU_THRESHOLDS, RECALL_THRESHOLDS, type ScoredBox } from '../../../../main/engine/parity/detection/coco-ap.js';
import type { ClassedBox } from '../../../../main/engine/parity/detection/match.js';

interface Scenario {
  name: string;
  images: Array<{ truths: number[][]; detections: number[][] }>;
  expected: { map50: number; map50_95: number; perClass: Record<string, { ap50: number; ap50_95: number }> };
}

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = JSON.parse(readFileSync(path.join(here, '../../../fixtures/detection/coco-map.json'), 'utf8')) as {
  iouThresholds: number[];
  recallThresholds: number[];
  scenarios: Scenario[];
};

const corners = (b: number[]): [number, number, number, number] => [b[0]!, b[1]!, b[0]! + b[2]!, b[1]! + b[3]!];
const truthsOf = (im: Scenario['images'][number]): ClassedBox[] => im.truths.map((t) => ({ box: corners(t), class: t[4]! }));
const detsOf = (im: Scenario['images'][number]): ScoredBox[] => im.detections.map((d) => ({ box: corners(d), score: d[4]!, class: d[5]! }));

function accumulate(images: Scenario['images']): ApAccumulator {
  const acc = new ApAccumulator();
  for (const im of images) acc.addImage(detsOf(im), truthsOf(im));
  return acc;
}

describe('COCO mAP', () => {
  it('uses pycocotools’ thresholds bit for bit (np.linspace)', () => {
    expect(IOU_THRESHOLDS).toEqual(fixtures.iouThresholds);
    expect(RECALL_THRESHOLDS).toEqual(fixtures.recallThresholds);
  });

  for (const scenario of fixtures.scenarios) {
    it(`equals pycocotools on "${scenario.name}"`, () => {
      const acc = accumulate(scenario.images);
      expect(acc.map50()).toBeCloseTo(scenario.expected.map50, 12);
      expect(acc.map50to95()).toBeCloseTo(scenario.expected.map50_95, 12);
      const ap50 = acc.classAp(0);
      expect([...ap50.keys()].map(String).sort()).toEqual(Object.keys(scenario.expected.perClass).sort());
      for (const [cls, ap] of ap50) expect(ap).toBeCloseTo(scenario.expected.perClass[String(cls)]!.ap50, 12);
    });
  }

  it('restores a checkpoint and merges shards (in image order) to exactly the unsharded figures', () => {
    const scenario = fixtures.scenarios.find((s) => s.name.startsWith('tied'))!;
    const whole = accumulate(scenario.images);
    const half = Math.floor(scenario.images.length / 2);
    const first = ApAccumulator.restore(JSON.parse(JSON.stringify(accumulate(scenario.images.slice(0, half)).toState())));
    first.merge(accumulate(scenario.images.slice(half)));
    expect(first.map50()).toBe(whole.map50());
    expect(first.map50to95()).toBe(whole.map50to95());
    expect(first.toState()).toEqual(whole.toState());
  });

  it('has no mAP without truth boxes', () => {
    const acc = new ApAccumulator();
    acc.addImage([{ box: [0, 0, 10, 10], score: 0.9, class: 0 }], []);
    expect(acc.map50()).toBeNull();
    expect(() => ApAccumulator.restore([[0, 1, [0.5], []]])).toThrow(/differ in length/);
  });
});
