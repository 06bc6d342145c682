"""A real KServe model server (the `kserve` package from PyPI) serving an ONNX image model on 127.0.0.1, for
tests/acceptance/serving.acceptance.test.ts.

One server speaks both of KServe's REST protocols: the Open Inference Protocol (KServe v2: /v2/models/<name>/infer,
JSON and the binary-tensor extension, metadata at /v2/models/<name>) and its v1 protocol, which is TensorFlow
Serving's predict API (/v1/models/<name>:predict, {"instances": [...]} -> {"predictions": [...]}). Each --model
NAME=BACKEND registers the model under NAME, run by ONNX Runtime or by OpenVINO's runtime.

    python kserve_classifier.py MODEL.onnx --port 8080 --model cls-ort=onnxruntime --model cls-ov=openvino
"""
import argparse

import numpy as np
from kserve import InferOutput, InferRequest, InferResponse, Model, ModelServer

ORT_TO_V2 = {"tensor(float)": "FP32", "tensor(float16)": "FP16", "tensor(uint8)": "UINT8", "tensor(int64)": "INT64"}


def onnxruntime_backend(path):
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
    describe = lambda t: {"name": t.name, "datatype": ORT_TO_V2.get(t.type, "FP32"), "shape": [d if isinstance(d, int) else -1 for d in t.shape]}
    inputs = [describe(t) for t in session.get_inputs()]
    outputs = [describe(t) for t in session.get_outputs()]
    names = [o["name"] for o in outputs]
    return inputs, outputs, lambda x: dict(zip(names, session.run(names, {inputs[0]["name"]: x})))


def openvino_backend(path):
    import openvino as ov

    compiled = ov.Core().compile_model(path, "CPU", {"INFERENCE_NUM_THREADS": 1})
    describe = lambda p: {"name": p.get_any_name(), "datatype": "FP32", "shape": [d.get_length() if d.is_static else -1 for d in p.get_partial_shape()]}
    inputs = [describe(p) for p in compiled.inputs]
    outputs = [describe(p) for p in compiled.outputs]
    ports = list(compiled.outputs)

    def run(x):
        result = compiled([x])
        return {o["name"]: np.asarray(result[p]) for o, p in zip(outputs, ports)}

    return inputs, outputs, run


class ServedClassifier(Model):
    def __init__(self, name, path, backend):
        super().__init__(name)
        self.path, self.backend = path, backend
        self.load()

    def load(self):
        loader = onnxruntime_backend if self.backend == "onnxruntime" else openvino_backend
        self.inputs, self.outputs, self.run = loader(self.path)
        self.ready = True
        return self.ready

    def get_input_types(self):
        return self.inputs

    def get_output_types(self):
        return self.outputs

    async def predict(self, payload, headers=None, response_headers=None):
        if isinstance(payload, InferRequest):
            x = payload.inputs[0].as_numpy().astype(np.float32, copy=False)
            answers = self.run(x)
            outs = []
            for name, value in answers.items():
                out = InferOutput(name=name, shape=list(value.shape), datatype="FP32")
                out.set_data_from_numpy(value.astype(np.float32), binary_data=payload.use_binary_outputs)
                outs.append(out)
            return InferResponse(response_id=payload.id or "", model_name=self.name, infer_outputs=outs, use_binary_outputs=payload.use_binary_outputs)
        # KServe's v1 protocol: TF Serving's row format, one instance per image.
        x = np.asarray(payload["instances"], dtype=np.float32)
        answers = self.run(x)
        if len(answers) == 1:
            return {"predictions": next(iter(answers.values())).tolist()}
        rows = [{name: value[i].tolist() for name, value in answers.items()} for i in range(x.shape[0])]
        return {"predictions": rows}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("model_file")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--model", action="append", required=True, help="NAME=onnxruntime|openvino")
    args = parser.parse_args()
    models = []
    for spec in args.model:
        name, _, backend = spec.partition("=")
        models.append(ServedClassifier(name, args.model_file, backend))
    ModelServer(http_port=args.port, grpc_port=args.port + 1, enable_grpc=False, workers=1).start(models)


if __name__ == "__main__":
    main()
