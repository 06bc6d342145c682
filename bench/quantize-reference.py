#!/usr/bin/env python3
"""ONNX Runtime's own static quantizer as the peer of Parity's int8-static (dev-time only; not part of npm test,
not an app dependency).

Quantizes a model the way ORT's documentation does it for CPU: quant_pre_process, then quantize_static in QDQ
format with per-channel int8 weights, uint8 activations and MinMax calibration, on the calibration tensors Parity
used (a float32 .npy, [N, ...]), every operator type ORT's quantizer supports (its default). Opsets below 13 are
converted first (per-channel QDQ needs 13; ORT's quantizer would only relabel the opset). Prints the seconds taken.

Normally run by `node dist/bench/convert-reference.js`, which exports the tensors, builds Parity's file, and
measures fp32, Parity and this file side by side:
  python bench/quantize-reference.py --model M.onnx --tensors calib.npy --out ort.onnx [--reduce-range] [--workdir DIR]
"""
import argparse
import os
import tempfile
import time

import numpy as np
import onnx
import onnxruntime as ort
from onnx import version_converter
from onnxruntime.quantization import CalibrationDataReader, CalibrationMethod, QuantFormat, QuantType, quantize_static
from onnxruntime.quantization.shape_inference import quant_pre_process


class TensorReader(CalibrationDataReader):
    def __init__(self, name, tensors):
        self.name, self.tensors, self.i = name, tensors, 0

    def get_next(self):
        if self.i >= len(self.tensors):
            return None
        self.i += 1
        return {self.name: self.tensors[self.i - 1 : self.i]}


def ort_quantize(model, tensors, out, work, _unused=None, reduce_range=False):
    """ORT's quant_pre_process + quantize_static of `model` on `tensors` ([N, ...] float32) into `out`; the seconds
    quantize_static took. `work` holds the pre-processed copy. (The unused argument keeps older callers working.)"""
    pre = os.path.join(work, os.path.basename(out) + '.pre.onnx')
    quant_pre_process(model, pre, skip_symbolic_shape=True)
    m = onnx.load(pre)
    opset = next(o.version for o in m.opset_import if o.domain in ('', 'ai.onnx'))
    if opset < 13:
        onnx.save(version_converter.convert_version(m, 13), pre)
    name = ort.InferenceSession(model).get_inputs()[0].name
    t0 = time.perf_counter()
    quantize_static(
        pre, out, TensorReader(name, tensors), quant_format=QuantFormat.QDQ, per_channel=True,
        activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8, calibrate_method=CalibrationMethod.MinMax,
        reduce_range=reduce_range)
    return time.perf_counter() - t0


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--model', required=True)
    p.add_argument('--tensors', required=True)
    p.add_argument('--out', required=True)
    p.add_argument('--reduce-range', action='store_true')
    p.add_argument('--workdir', default=None)
    a = p.parse_args()
    work = a.workdir or tempfile.mkdtemp(prefix='parity-reference-')
    print(f'{ort_quantize(a.model, np.load(a.tensors), a.out, work, None, a.reduce_range):.1f}')


if __name__ == '__main__':
    main()
