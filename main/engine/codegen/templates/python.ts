/** Python: onnxruntime + Pillow + NumPy. */
import { PACKAGES, type GeneratedProgram, type ProgramPlan } from '../program-plan.js';

function printing(plan: ProgramPlan): string {
  if (plan.topK) {
    return String.raw`        scores, indices = session.run(["${plan.topK.scores}", "${plan.topK.indices}"], {"${plan.input}": image})
        print(path)
        for rank, (score, index) in enumerate(zip(scores[0], indices[0]), start=1):
            name = names[index] if index < len(names) else "-"
            print(f"  {rank}. {index} {name} {score:.6f}")`;
  }
  return String.raw`        outputs = session.run(None, {"${plan.input}": image})
        print(path)
        for meta, value in zip(session.get_outputs(), outputs):
            flat = value.reshape(-1).astype(np.float64)
            print(f"  {meta.name} shape {list(value.shape)} min {flat.min():.6f} max {flat.max():.6f} "
                  f"mean {flat.mean():.6f} argmax {int(flat.argmax())}")`;
}

export function pythonProgram(plan: ProgramPlan): GeneratedProgram {
  const program = String.raw`"""Runs an image model bundled by Parity: the preprocessing is inside the model, so a program only decodes the
image to RGB bytes and hands them over as uint8 [1, height, width, 3]."""
import json
import sys

import numpy as np
import onnxruntime as ort
from PIL import Image, ImageOps


def load_rgb(path):
    """The image as uint8 [1, height, width, 3] RGB, EXIF orientation applied (alpha, if any, is dropped)."""
    with Image.open(path) as image:
        rgb = ImageOps.exif_transpose(image).convert("RGB")
        return np.asarray(rgb, dtype=np.uint8)[np.newaxis]


def main(model_path, image_paths):
    session = ort.InferenceSession(model_path, providers=["CPUExecutionProvider"])
    names = json.loads(session.get_modelmeta().custom_metadata_map.get("${plan.classNamesKey}", "[]"))
    for path in image_paths:
        image = load_rgb(path)
${printing(plan)}


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit("usage: python run.py <model.onnx> <image> [<image> ...]")
    main(sys.argv[1], sys.argv[2:])
`;
  const requirements = `onnxruntime==${PACKAGES.pythonOnnxruntime}\npillow==${PACKAGES.pillow}\nnumpy==${PACKAGES.numpy}\n`;
  return {
    language: 'python',
    files: { 'run.py': program, 'requirements.txt': requirements },
    run: `python -m venv .venv && .venv/bin/pip install -r requirements.txt && .venv/bin/python run.py ../../${plan.bundleFile} image.jpg`,
  };
}
