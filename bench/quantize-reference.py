#!/usr/bin/env python3
"""Reference check for Parity's int8-static recipe (dev-time only; not part of npm test, not an app dependency).

Runs ONNX Runtime's own Python quantizer (quant_pre_process + quantize_static, QDQ, per-channel int8 weights, uint8
activations, MinMax) on the same model and the same calibration tensors Parity used, then prints, side by side
with Parity's variant: agreement with the float model on those tensors, file size relative to the source, and
speed relative to the source (ONNX Runtime level 'all', same threads, interleaved runs).

Usage (normally through `node dist/bench/convert-reference.js`, which exports the tensors and builds Parity's file):
  python bench/quantize-reference.py --model M.onnx --tensors calib.npy --ours ours.onnx --task classification|dense
                                     [--threshold 0.3] [--threads 2] [--rounds 2] [--reduce-range] [--workdir DIR]
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


def ort_quantize(model, tensors, out, workdir, op_types, reduce_range):
    pre = os.path.join(workdir, 'pre.onnx')
    quant_pre_process(model, pre, skip_symbolic_shape=True)
    m = onnx.load(pre)
    opset = next(o.version for o in m.opset_import if o.domain in ('', 'ai.onnx'))
    if opset < 13:  # per-channel QDQ needs opset 13; ORT's quantizer would only relabel the opset
        m = version_converter.convert_version(m, 13)
        onnx.save(m, pre)
    name = ort.InferenceSession(model).get_inputs()[0].name
    t0 = time.perf_counter()
    quantize_static(
        pre, out, TensorReader(name, tensors), quant_format=QuantFormat.QDQ, per_channel=True,
        activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8, calibrate_method=CalibrationMethod.MinMax,
        reduce_range=reduce_range, op_types_to_quantize=op_types)
    return time.perf_counter() - t0


def agreement(ref_out, out, task, threshold):
    if task == 'classification':
        return float(np.mean(ref_out.reshape(-1, ref_out.shape[-1]).argmax(-1) == out.reshape(-1, out.shape[-1]).argmax(-1)))
    a, b = ref_out >= threshold, out >= threshold
    union = np.logical_or(a, b).sum()
    return 1.0 if union == 0 else float(np.logical_and(a, b).sum() / union)


def session(path, threads):
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    so.log_severity_level = 3
    return ort.InferenceSession(path, so)


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--model', required=True)
    p.add_argument('--tensors', required=True)
    p.add_argument('--ours', required=True)
    p.add_argument('--task', choices=['classification', 'dense'], required=True)
    p.add_argument('--threshold', type=float, default=0.3)
    p.add_argument('--threads', type=int, default=os.cpu_count())
    p.add_argument('--rounds', type=int, default=2)
    p.add_argument('--reduce-range', action='store_true')
    p.add_argument('--workdir', default=None)
    a = p.parse_args()
    tensors = np.load(a.tensors)
    work = a.workdir or tempfile.mkdtemp(prefix='parity-reference-')
    variants = {'parity int8-static': a.ours}
    seconds = {}
    for label, ops in [('ORT quantize_static (all ops)', None), ('ORT quantize_static (Conv/MatMul/Gemm)', ['Conv', 'ConvTranspose', 'MatMul', 'Gemm'])]:
        out = os.path.join(work, label.split('(')[1].split(')')[0].replace('/', '-').replace(' ', '-') + '.onnx')
        seconds[label] = ort_quantize(a.model, tensors, out, work, ops, a.reduce_range)
        variants[label] = out

    name = ort.InferenceSession(a.model).get_inputs()[0].name
    sessions = {'source': session(a.model, a.threads)}
    sessions.update({k: session(v, a.threads) for k, v in variants.items()})
    feeds = [{name: tensors[i : i + 1]} for i in range(len(tensors))]
    reference = [sessions['source'].run(None, f)[0] for f in feeds]
    times = {k: [] for k in sessions}
    scores = {k: [] for k in variants}
    for s in sessions.values():
        s.run(None, feeds[0])
    keys = list(sessions)
    for r in range(a.rounds):
        for i, f in enumerate(feeds):
            order = keys if (r + i) % 2 == 0 else keys[::-1]
            for k in order:
                t0 = time.perf_counter()
                out = sessions[k].run(None, f)[0]
                times[k].append(time.perf_counter() - t0)
                if r == 0 and k in scores:
                    scores[k].append(agreement(reference[i], out, a.task, a.threshold))
    src_size = os.path.getsize(a.model)
    src_ms = float(np.median(times['source'])) * 1000
    metric = 'top-1 agreement' if a.task == 'classification' else f'IoU@{a.threshold}'
    print(f'reference check on {os.path.basename(a.model)}: {len(feeds)} tensors, ORT {ort.__version__}, {a.threads} thread(s), '
          f'{a.rounds} interleaved round(s), source median {src_ms:.1f} ms')
    print(f'  {"variant":42s} {metric:>16s} {"size":>8s} {"median ms":>10s} {"speed vs source":>16s}')
    for k, path in variants.items():
        ms = float(np.median(times[k])) * 1000
        extra = f'  (quantized in {seconds[k]:.1f} s)' if k in seconds else ''
        print(f'  {k:42s} {np.mean(scores[k]):16.4f} {os.path.getsize(path) / src_size:7.3f}x {ms:10.1f} {src_ms / ms:15.2f}x{extra}')


if __name__ == '__main__':
    main()
