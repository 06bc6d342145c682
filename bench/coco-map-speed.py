#!/usr/bin/env python3
"""The peer side of bench/coco-map-speed.ts: one seeded scenario (bench/coco-map-fixtures.py's generator), written
to the JSON file named on the command line with pycocotools' mAP and the seconds COCOeval took (evaluate, accumulate,
summarize; best of 3). Dev-time only: /work/venv/bin/python bench/coco-map-speed.py out.json [images]
"""
import importlib.util
import json
import os
import sys
import time

spec = importlib.util.spec_from_file_location('fixtures', os.path.join(os.path.dirname(__file__), 'coco-map-fixtures.py'))
fixtures = importlib.util.module_from_spec(spec)
spec.loader.exec_module(fixtures)

images = int(sys.argv[2]) if len(sys.argv) > 2 else 500
sc = fixtures.scenario('speed', 7, images=images, classes=20, max_truths=15, fp_rate=5)
best = float('inf')
for _ in range(3):
    t0 = time.perf_counter()
    expected = fixtures.evaluate(sc)
    best = min(best, time.perf_counter() - t0)
sc['expected'] = expected
sc['seconds'] = best
with open(sys.argv[1], 'w') as f:
    json.dump(sc, f)
