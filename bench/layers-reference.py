#!/usr/bin/env python3
"""Reference for `parity layers` (dev-time only; made the fixtures in tests/fixtures/layers/, not run by npm test).

Quantizes a model with ONNX Runtime's own quantize_static (bench/quantize-reference.py's settings) on tensors exported by
Parity's pipeline, then runs ORT's qdq_loss_debug on the same tensors: modify_model_output_intermediate_tensors,
collect_activations, create_activation_matching, compute_activation_error. Writes the quantized file and, per
activation, ORT's `xmodel_err` (SQNR in dB of the quantized model's dequantized tensor against the float model's)
and `qdq_err` (of the tensor before QuantizeLinear against after DequantizeLinear).

Usage: python bench/layers-reference.py --model M.onnx --tensors x.npy --input x --out-model ort.onnx --out-json errors.json [--reduce-range]
"""
import argparse
import importlib.util
import json
import os
import tempfile

import numpy as np
from onnxruntime.quantization import CalibrationDataReader
from onnxruntime.quantization.qdq_loss_debug import (
    collect_activations,
    compute_activation_error,
    create_activation_matching,
    modify_model_output_intermediate_tensors,
)


class Reader(CalibrationDataReader):
    def __init__(self, name, tensors):
        self.name, self.tensors, self.i = name, tensors, 0

    def get_next(self):
        if self.i >= len(self.tensors):
            return None
        self.i += 1
        return {self.name: self.tensors[self.i - 1 : self.i]}


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--model', required=True)
    p.add_argument('--tensors', required=True)
    p.add_argument('--input', required=True)
    p.add_argument('--out-model', required=True)
    p.add_argument('--out-json', required=True)
    p.add_argument('--reduce-range', action='store_true')
    a = p.parse_args()
    tensors = np.load(a.tensors)
    spec = importlib.util.spec_from_file_location('ort_quantize', os.path.join(os.path.dirname(os.path.abspath(__file__)), 'quantize-reference.py'))
    reference = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(reference)
    with tempfile.TemporaryDirectory(prefix='parity-layers-reference-') as work:
        reference.ort_quantize(a.model, tensors, a.out_model, work, None, a.reduce_range)
        float_aug, quant_aug = os.path.join(work, 'f.onnx'), os.path.join(work, 'q.onnx')
        modify_model_output_intermediate_tensors(a.model, float_aug)
        modify_model_output_intermediate_tensors(a.out_model, quant_aug)
        matching = create_activation_matching(collect_activations(quant_aug, Reader(a.input, tensors)), collect_activations(float_aug, Reader(a.input, tensors)))
        errors = compute_activation_error(matching)
    out = {name: {k: float(v) for k, v in e.items()} for name, e in errors.items() if 'xmodel_err' in e}
    with open(a.out_json, 'w') as f:
        json.dump({'ort': __import__('onnxruntime').__version__, 'tensors': len(tensors), 'errors': out}, f, indent=1, sort_keys=True)
    print(f'{len(out)} activations compared on {len(tensors)} tensors')


if __name__ == '__main__':
    main()
