"""onnxruntime_perf_test-style loop with ONNX Runtime's Python API: one plain session (intra-op threads given,
sequential execution, level 'all'), `concurrency` threads each calling run() back to back on it for `seconds`
(as perf_test -c does with its own threads; run() releases the GIL). Prints {"requestsPerSec": …, "runs": …}.
Usage: python ort_loop.py model.onnx input_name float32|uint8 1x3x48x192 intra_threads concurrency seconds"""
import json
import sys
import threading
import time

import numpy as np
import onnxruntime as ort


def main(model, name, dtype, shape, intra, concurrency, seconds):
    options = ort.SessionOptions()
    options.intra_op_num_threads = intra
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
    rng = np.random.default_rng(1)
    dims = [int(d) for d in shape.split("x")]
    feed = {name: (rng.random(dims) * 255).astype(np.uint8) if dtype == "uint8" else rng.standard_normal(dims).astype(np.float32)}
    for _ in range(5):
        session.run(None, feed)
    counts = [0] * concurrency
    deadline = time.perf_counter() + seconds

    def loop(k):
        while time.perf_counter() < deadline:
            session.run(None, feed)
            counts[k] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=loop, args=(k,)) for k in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    print(json.dumps({"requestsPerSec": sum(counts) / elapsed, "runs": sum(counts), "ortVersion": ort.__version__}))


if __name__ == "__main__":
    a = sys.argv[1:]
    main(a[0], a[1], a[2], a[3], int(a[4]), int(a[5]), float(a[6]))
