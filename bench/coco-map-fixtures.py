#!/usr/bin/env python3
"""Fixtures for Parity's COCO mAP (dev-time only; not part of npm test, not an app dependency).

Generates seeded detection scenarios (ground truth and detections per image), evaluates each with pycocotools'
COCOeval (bbox, area "all", maxDets 100) and writes the boxes with pycocotools' figures to
tests/fixtures/detection/coco-map.json, which tests/engine/parity/detection/coco-ap.test.ts reads: Parity's mAP must
equal these. Run it again only to add scenarios:

  /work/venv/bin/python bench/coco-map-fixtures.py            # needs numpy and pycocotools
"""
import contextlib
import io
import json
import os

import numpy as np
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval

OUT = os.path.join(os.path.dirname(__file__), '..', 'tests', 'fixtures', 'detection', 'coco-map.json')


def jitter(rng, box, amount):
    x, y, w, h = box
    dx, dy = rng.normal(0, amount * w), rng.normal(0, amount * h)
    sw, sh = np.exp(rng.normal(0, amount)), np.exp(rng.normal(0, amount))
    return [float(x + dx), float(y + dy), float(w * sw), float(h * sh)]


def scenario(name, seed, images, classes, max_truths, fp_rate, score_decimals=None, crowd_image=False, many=0):
    """Truth boxes per image; detections near them (some jittered far, some with the wrong class) plus false alarms."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(images):
        width, height = 640, 480
        truths = []
        for _ in range(rng.integers(0, max_truths + 1)):
            w, h = rng.uniform(8, 200), rng.uniform(8, 200)
            x, y = rng.uniform(0, width - w), rng.uniform(0, height - h)
            truths.append([float(x), float(y), float(w), float(h), int(rng.integers(0, classes))])
        dets = []
        for t in truths:
            for _ in range(rng.integers(0, 3)):
                cls = t[4] if rng.random() > 0.1 else int(rng.integers(0, classes))
                dets.append(jitter(rng, t[:4], rng.choice([0.02, 0.08, 0.25])) + [float(rng.random()), cls])
        for _ in range(rng.poisson(fp_rate)):
            w, h = rng.uniform(8, 150), rng.uniform(8, 150)
            dets.append([float(rng.uniform(0, width - w)), float(rng.uniform(0, height - h)), float(w), float(h), float(rng.random()), int(rng.integers(0, classes))])
        if many and i == 0:
            # More than 100 detections of one class on one image: COCOeval keeps the best 100.
            t = truths[0] if truths else [10.0, 10.0, 50.0, 50.0, 0]
            for _ in range(many):
                dets.append(jitter(rng, t[:4], 0.1) + [float(rng.random()), t[4]])
        if score_decimals is not None:
            for d in dets:
                d[4] = round(d[4], score_decimals)
        out.append({'width': width, 'height': height, 'truths': truths, 'detections': dets})
    return {'name': name, 'seed': seed, 'classes': classes, 'images': out}


def evaluate(sc):
    images = [{'id': i + 1, 'width': im['width'], 'height': im['height'], 'file_name': f'{i}.jpg'} for i, im in enumerate(sc['images'])]
    anns, dets = [], []
    for i, im in enumerate(sc['images']):
        for t in im['truths']:
            anns.append({'id': len(anns) + 1, 'image_id': i + 1, 'category_id': t[4] + 1, 'bbox': t[:4], 'area': t[2] * t[3], 'iscrowd': 0})
        for d in im['detections']:
            dets.append({'image_id': i + 1, 'category_id': d[5] + 1, 'bbox': d[:4], 'score': d[4]})
    gt = COCO()
    gt.dataset = {'images': images, 'annotations': anns, 'categories': [{'id': c + 1, 'name': str(c)} for c in range(sc['classes'])]}
    with contextlib.redirect_stdout(io.StringIO()):
        gt.createIndex()
        dt = gt.loadRes(dets) if dets else COCO()
        e = COCOeval(gt, dt, 'bbox')
        e.evaluate()
        e.accumulate()
        e.summarize()
    precision = e.eval['precision']  # [T, R, K, A, M]
    per_class = {}
    for k, cat in enumerate(e.params.catIds):
        p50 = precision[0, :, k, 0, 2]
        if (p50 > -1).any():
            per_class[str(cat - 1)] = {'ap50': float(np.mean(p50)), 'ap50_95': float(np.mean(precision[:, :, k, 0, 2]))}
    return {'map50': float(e.stats[1]), 'map50_95': float(e.stats[0]), 'perClass': per_class}


def main():
    scenarios = [
        scenario('random', 1, images=25, classes=4, max_truths=8, fp_rate=3),
        scenario('tied scores across images', 2, images=30, classes=3, max_truths=6, fp_rate=2, score_decimals=1),
        scenario('more than 100 detections on an image', 3, images=4, classes=2, max_truths=3, fp_rate=1, many=140),
        scenario('one class never detected, one never true', 4, images=12, classes=6, max_truths=5, fp_rate=4),
        scenario('crowded', 5, images=8, classes=2, max_truths=40, fp_rate=10),
    ]
    # Scenario 4: drop every detection of class 5 and every truth of class 4.
    for im in scenarios[3]['images']:
        im['detections'] = [d for d in im['detections'] if d[5] != 5]
        im['truths'] = [t for t in im['truths'] if t[4] != 4]
    # The detections are the truth itself (a self-compare): every AP is 1.
    same = scenario('detections equal the truth', 6, images=10, classes=3, max_truths=6, fp_rate=0)
    rng = np.random.default_rng(6)
    for im in same['images']:
        im['detections'] = [t[:4] + [float(rng.random()), t[4]] for t in im['truths']]
    scenarios.append(same)
    for sc in scenarios:
        sc['expected'] = evaluate(sc)
    with open(OUT, 'w') as f:
        params = COCOeval(iouType='bbox').params
        json.dump(
            {
                '$comment': 'Made by bench/coco-map-fixtures.py with pycocotools; boxes [x, y, w, h], truths [..., class], detections [..., score, class].',
                'iouThresholds': [float(t) for t in params.iouThrs],
                'recallThresholds': [float(r) for r in params.recThrs],
                'scenarios': scenarios,
            },
            f,
        )
    for sc in scenarios:
        print(f"{sc['name']}: mAP50 {sc['expected']['map50']:.6f}, mAP50:95 {sc['expected']['map50_95']:.6f}")


if __name__ == '__main__':
    main()
