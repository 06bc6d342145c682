"""The peer side of bench/serving-peer.ts: a KServe v2 client in Python (httpx with keep-alive, as kserve's own
InferenceRESTClient uses), answering commands on stdin so that its rounds interleave with Parity's.

    python serving-peer.py BASE MODEL INPUT_NAME TENSORS_DIR     then lines "json N" or "binary N" on stdin
Each command sends the first N tensors once each, sequentially, and prints their latencies (ms) as one JSON line.
"""
import json
import os
import sys
import time

import httpx
import numpy as np

base, model, input_name, tensors_dir = sys.argv[1:5]
files = sorted(f for f in os.listdir(tensors_dir) if f.endswith(".npy"))
tensors = [np.load(os.path.join(tensors_dir, f)).astype(np.float32) for f in files]
url = "%s/v2/models/%s/infer" % (base, model)
client = httpx.Client(timeout=60)


def send_json(x):
    body = {"inputs": [{"name": input_name, "datatype": "FP32", "shape": list(x.shape), "data": x.ravel().tolist()}]}
    r = client.post(url, json=body)
    r.raise_for_status()
    return np.asarray(r.json()["outputs"][0]["data"], dtype=np.float32)


def send_binary(x):
    raw = x.tobytes()
    header = json.dumps({"inputs": [{"name": input_name, "datatype": "FP32", "shape": list(x.shape), "parameters": {"binary_data_size": len(raw)}}], "parameters": {"binary_data_output": True}}).encode()
    r = client.post(url, content=header + raw, headers={"Inference-Header-Content-Length": str(len(header)), "Content-Type": "application/octet-stream"})
    r.raise_for_status()
    size = int(r.headers["Inference-Header-Content-Length"])
    return np.frombuffer(r.content[size:], dtype=np.float32)


for line in sys.stdin:
    mode, n = line.split()
    send = send_json if mode == "json" else send_binary
    times = []
    for x in tensors[: int(n)]:
        t0 = time.perf_counter()
        send(x)
        times.append((time.perf_counter() - t0) * 1000)
    print(json.dumps(times), flush=True)
