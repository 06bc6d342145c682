#!/usr/bin/env python3
"""Fixtures for Parity's calibration test (dev-time only; run once, outputs committed; not part of npm test).

Writes tests/fixtures/calibration/activations.bin (float32, little-endian) and ranges.json: a few activation-like
tensors (seeded), each fed in batches through ONNX Runtime's own calibrators (onnxruntime.quantization.calibrate:
MinMaxCalibrater, PercentileCalibrater, EntropyCalibrater) on a one-node model, and the ranges they return.
tests/engine/convert/calibration-reference.test.ts feeds the same batches to Parity's calibration statistics and
compares.

Usage: /work/venv/bin/python bench/calibration-reference.py [--out tests/fixtures/calibration]
"""
import argparse
import json
import os
import tempfile

import numpy as np
import onnx
import onnxruntime
from onnx import TensorProto, helper
from onnxruntime.quantization import CalibrationDataReader, CalibrationMethod
from onnxruntime.quantization.calibrate import HistogramCollector, create_calibrator

BATCHES = 3
BATCH_SIZE = 2048
PERCENTILE = 99.999
PERCENTILE_BINS = 2048
ENTROPY_BINS = 2048


def tensors(rng):
    """name -> list of batches, shapes like a real network's: signed, post-ReLU, heavy-tailed, growing, skewed."""
    n = BATCH_SIZE
    out = {}
    out['gaussian'] = [rng.normal(0.3, 1.2, n) for _ in range(BATCHES)]
    out['relu'] = [np.maximum(0, rng.normal(0, 1, n)) * 2 for _ in range(BATCHES)]
    laplace = []
    for _ in range(BATCHES):
        b = rng.laplace(0, 0.5, n)
        b[rng.integers(0, n, 3)] = rng.choice([-1, 1], 3) * rng.uniform(12, 20, 3)
        laplace.append(b)
    out['laplace_outliers'] = laplace
    out['growing'] = [rng.normal(0, 1, n) * s for s in (1, 3, 7)]
    out['skewed'] = [rng.exponential(1, n) - 0.2 for _ in range(BATCHES)]
    return {k: [b.astype(np.float32) for b in v] for k, v in out.items()}


class Reader(CalibrationDataReader):
    def __init__(self, batches):
        self.batches, self.i = batches, 0

    def get_next(self):
        if self.i >= len(self.batches):
            return None
        self.i += 1
        return {'x': self.batches[self.i - 1].reshape(1, -1)}


def ort_range(batches, method, workdir, extra):
    model = helper.make_model(
        helper.make_graph(
            [helper.make_node('Identity', ['x'], ['y'])],
            'calibration_reference',
            [helper.make_tensor_value_info('x', TensorProto.FLOAT, [1, BATCH_SIZE])],
            [helper.make_tensor_value_info('y', TensorProto.FLOAT, [1, BATCH_SIZE])],
        ),
        opset_imports=[helper.make_opsetid('', 13)],
    )
    path = os.path.join(workdir, 'identity.onnx')
    onnx.save(model, path)
    calibrator = create_calibrator(path, None, os.path.join(workdir, 'augmented.onnx'), method, extra_options=extra)
    calibrator.collect_data(Reader(batches))
    lo, hi = calibrator.compute_data()['x'].range_value
    return [float(np.asarray(lo).reshape(-1)[0]), float(np.asarray(hi).reshape(-1)[0])]


def entropy_near_ties(batches, rel=1e-5):
    """Ranges of every window whose KL divergence, as ORT's EntropyCalibrater computes it in float32, is within
    `rel` of the least: where the KL minimum is flat to float32 precision, any of them is ORT's answer up to rounding.
    The KL values are the array ORT's get_entropy_threshold passes to numpy.argmin."""
    collector = HistogramCollector('entropy', False, ENTROPY_BINS, 128, PERCENTILE, 'same')
    collector.collect({'x': [b.reshape(1, -1) for b in batches]})
    captured = {}
    argmin = np.argmin

    def capture(a, *args, **kwargs):
        captured['kl'] = np.array(a)
        return argmin(a, *args, **kwargs)

    np.argmin = capture
    try:
        collector.compute_entropy()
    finally:
        np.argmin = argmin
    kl = captured['kl']
    hist, edges, lo, hi, _ = collector.histogram_dict['x']
    zero, half = len(hist) // 2, 64
    best = float(np.min(kl))
    out = []
    for i in np.flatnonzero(kl <= best * (1 + rel)):
        w = int(i) + half
        out.append([max(float(edges[zero - w]), float(lo)), min(float(edges[min(zero + w + 1, len(hist))]), float(hi))])
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--out', default=os.path.join(os.path.dirname(__file__), '..', 'tests', 'fixtures', 'calibration'))
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    data = tensors(np.random.default_rng(7))
    entries = []
    offset = 0
    with open(os.path.join(a.out, 'activations.bin'), 'wb') as f, tempfile.TemporaryDirectory() as work:
        for name, batches in data.items():
            for b in batches:
                f.write(b.astype('<f4').tobytes())
            entries.append({
                'name': name,
                'offset': offset,
                'batches': len(batches),
                'batchSize': BATCH_SIZE,
                'minmax': ort_range(batches, CalibrationMethod.MinMax, work, {}),
                'percentile': ort_range(batches, CalibrationMethod.Percentile, work, {'percentile': PERCENTILE}),
                'percentile99_9': ort_range(batches, CalibrationMethod.Percentile, work, {'percentile': 99.9}),
                'entropy': ort_range(batches, CalibrationMethod.Entropy, work, {'num_bins': ENTROPY_BINS}),
                'entropyNearTies': entropy_near_ties(batches),
                'entropyDefaultBins': ort_range(batches, CalibrationMethod.Entropy, work, {}),
            })
            offset += len(batches) * BATCH_SIZE
    meta = {
        'generator': 'bench/calibration-reference.py',
        'onnxruntime': onnxruntime.__version__,
        'percentile': PERCENTILE,
        'percentileBins': PERCENTILE_BINS,
        'percentileSymmetric': True,
        'entropyBins': ENTROPY_BINS,
        'entropyDefaultBins': 128,
        'quantizedBins': 128,
        'tensors': entries,
    }
    with open(os.path.join(a.out, 'ranges.json'), 'w') as f:
        json.dump(meta, f, indent=1)
        f.write('\n')
    print(json.dumps(meta, indent=1))


if __name__ == '__main__':
    main()
