/**
 * The model-loading part of an export script, one per framework: a `load_model(path)` that returns a function from
 * the input tensor (a NumPy array, batch 1) to a dict of output name → NumPy array. Everything else (images,
 * preprocessing, saving) is the same for every framework (python-script.ts).
 */

export const EXPORT_FRAMEWORKS = ['onnxruntime', 'openvino', 'tensorflow', 'pytorch'] as const;
export type ExportFramework = (typeof EXPORT_FRAMEWORKS)[number];

interface FrameworkPart {
  /** What `pip install` needs besides numpy and pillow. */
  pip: string;
  /** What MODEL is for this framework, for the usage text. */
  model: string;
  loader: string;
}

export const FRAMEWORKS: Record<ExportFramework, FrameworkPart> = {
  onnxruntime: {
    pip: 'onnxruntime',
    model: 'an .onnx file',
    loader: `def load_model(path):
    import onnxruntime as ort
    session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    input_name = session.get_inputs()[0].name
    names = [o.name for o in session.get_outputs()]

    def run(x):
        return dict(zip(names, session.run(names, {input_name: x})))

    return run`,
  },
  openvino: {
    pip: 'openvino',
    model: 'an OpenVINO IR .xml (its .bin beside it) or an .onnx file',
    loader: `def load_model(path):
    import openvino as ov
    compiled = ov.Core().compile_model(path, "CPU")
    ports = list(compiled.outputs)

    def port_name(port, i):
        try:
            return port.get_any_name()
        except RuntimeError:
            return "output_%d" % i

    names = [port_name(p, i) for i, p in enumerate(ports)]

    def run(x):
        result = compiled([x])
        return {name: np.asarray(result[port]) for name, port in zip(names, ports)}

    return run`,
  },
  tensorflow: {
    pip: 'tensorflow',
    model: "a SavedModel folder (its serving_default signature) or a Keras .keras/.h5 file",
    loader: `def load_model(path):
    import tensorflow as tf
    if os.path.isdir(path):
        signature = tf.saved_model.load(path).signatures["serving_default"]
        input_names = list(signature.structured_input_signature[1].keys())
        if len(input_names) != 1:
            sys.exit("the serving_default signature has %d inputs (%s); Parity compares one image input" % (len(input_names), ", ".join(input_names)))

        def run(x):
            out = signature(**{input_names[0]: tf.constant(x)})
            return {name: value.numpy() for name, value in out.items()}

        return run
    model = tf.keras.models.load_model(path)

    def run(x):
        return named_outputs(model(x, training=False))

    return run`,
  },
  pytorch: {
    pip: 'torch',
    model: 'a TorchScript file (torch.jit.save) or a whole pickled model (torch.save(model))',
    loader: `def load_model(path):
    import torch
    try:
        model = torch.jit.load(path, map_location="cpu")
    except RuntimeError:
        model = torch.load(path, map_location="cpu", weights_only=False)
    model.eval()

    def run(x):
        with torch.no_grad():
            return named_outputs(model(torch.from_numpy(x)))

    return run`,
  },
};
