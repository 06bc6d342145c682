#!/usr/bin/env python3
"""Writes ONNX Runtime's own int8 file for a model (dev-time only, used by bench/search-reference.ts): the same
quant_pre_process + quantize_static (QDQ, per-channel int8 weights, uint8 activations, MinMax, all op types) as
bench/quantize-reference.py, on calibration tensors exported by Parity's pipeline.

Usage: python bench/ort-quantize.py --model M.onnx --tensors calib.npy --out ort.onnx [--reduce-range]
"""
import argparse
import importlib.util
import os
import tempfile

import numpy as np


def reference_module():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'quantize-reference.py')
    spec = importlib.util.spec_from_file_location('quantize_reference', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--model', required=True)
    p.add_argument('--tensors', required=True)
    p.add_argument('--out', required=True)
    p.add_argument('--reduce-range', action='store_true')
    a = p.parse_args()
    with tempfile.TemporaryDirectory(prefix='parity-ort-quantize-') as work:
        seconds = reference_module().ort_quantize(a.model, np.load(a.tensors), a.out, work, None, a.reduce_range)
    print(f'quantized in {seconds:.1f} s')


if __name__ == '__main__':
    main()
