/**
 * `parity export-script`: a small Python script that preprocesses images exactly as a Parity spec says, runs a model
 * in another framework and saves each image's outputs where `parity compare --reference-outputs` looks for them
 * (<out>/<relative path>.npy for one output, .npz with one array per output name otherwise).
 *
 * The preprocessing mirrors Parity's (images/decode-image.ts, fit-geometry.ts, to-tensor.ts): EXIF orientation,
 * first frame, alpha flattened on white, 8-bit RGB; stretch/letterbox/crop with the same sizes and offsets
 * (JavaScript's Math.round, letterbox grey 114); Pillow's BILINEAR resize, which like libvips' 'linear' kernel
 * widens the triangle filter by the scale factor when shrinking; value = (pixel / scale − mean) / std computed in
 * double and rounded once to float32. The two resamplers place samples differently when enlarging (libvips half a
 * pixel to the right), so tensors can differ by a few grey levels there; README.md gives the measured difference.
 */
import type { PreprocessSpec } from '../../../shared/preprocess.js';
import { FRAMEWORKS, type ExportFramework } from './frameworks.js';

const IMPORTS = String.raw`import argparse
import math
import os
import sys

import numpy as np
from PIL import Image, ImageOps`;

const BODY = String.raw`LETTERBOX_GREY = 114


def load_rgb(path):
    """8-bit RGB as Parity decodes it: EXIF orientation applied, first frame, alpha flattened on white."""
    with Image.open(path) as im:
        im.seek(0)
        im = ImageOps.exif_transpose(im)
        if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
            im = im.convert("RGBA")
            white = Image.new("RGBA", im.size, (255, 255, 255, 255))
            im = Image.alpha_composite(white, im)
        return im.convert("RGB")


def js_round(x):
    return math.floor(x + 0.5)


def resize(im, size):
    """Bilinear, one axis at a time as libvips does: shrinking widens the triangle filter by the scale factor
    (Pillow's BILINEAR resize); enlarging samples source x = j * w / W - 0.5, libvips' convention (an affine map)."""
    (W, H), (w, h) = size, im.size
    if H > h:
        im = im.transform((w, H), Image.AFFINE, (1, 0, 0, 0, h / H, -0.5 * h / H), resample=Image.BILINEAR)
    elif H < h:
        im = im.resize((w, H), Image.BILINEAR)
    if W > w:
        im = im.transform((W, H), Image.AFFINE, (w / W, 0, -0.5 * w / W, 0, 1, 0), resample=Image.BILINEAR)
    elif W < w:
        im = im.resize((W, H), Image.BILINEAR)
    return im


def fit(im):
    """stretch, letterbox or crop to the model's size, with Parity's sizes and offsets."""
    W, H = PREPROCESS["width"], PREPROCESS["height"]
    w, h = im.size
    if (w, h) == (W, H):
        return im
    mode = PREPROCESS["resize"]
    if mode == "stretch":
        return resize(im, (W, H))
    if mode == "letterbox":
        s = min(W / w, H / h)
        cw, ch = min(W, max(1, js_round(w * s))), min(H, max(1, js_round(h * s)))
        canvas = Image.new("RGB", (W, H), (LETTERBOX_GREY,) * 3)
        canvas.paste(resize(im, (cw, ch)), ((W - cw) // 2, (H - ch) // 2))
        return canvas
    s = max(W / w, H / h)
    cw, ch = max(W, js_round(w * s)), max(H, js_round(h * s))
    left, top = (cw - W) // 2, (ch - H) // 2
    return resize(im, (cw, ch)).crop((left, top, left + W, top + H))


def to_tensor(im):
    """value = (pixel / scale - mean[c]) / std[c] in the tensor's channel order, batch 1."""
    a = np.asarray(im, dtype=np.uint8)
    if PREPROCESS["colorOrder"] == "BGR":
        a = a[:, :, ::-1]
    if PREPROCESS["dtype"] == "uint8":
        t = a.copy()
    else:
        mean = np.array(PREPROCESS["mean"], dtype=np.float64)
        std = np.array(PREPROCESS["std"], dtype=np.float64)
        t = ((a.astype(np.float64) / PREPROCESS["scale"] - mean) / std).astype(np.float32)
    if PREPROCESS["layout"] == "NCHW":
        t = t.transpose(2, 0, 1)
    return np.ascontiguousarray(t[np.newaxis])


def named_outputs(out):
    """A framework's answer (tensor, list, tuple or dict) as output name -> NumPy array."""
    if isinstance(out, dict):
        items = list(out.items())
    elif isinstance(out, (list, tuple)):
        items = [("output_%d" % i, v) for i, v in enumerate(out)]
    else:
        items = [("output", out)]
    return {str(k): np.asarray(v.numpy() if hasattr(v, "numpy") else v) for k, v in items}


def image_files(root):
    """Every file under root in Parity's order (code-point order of the relative path, '/' separated)."""
    found = []
    for folder, dirs, files in os.walk(root, followlinks=True):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            rel = os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "/")
            found.append(rel)
    return sorted(found)


def save_atomic(path, write):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    tmp = "%s.%d.tmp" % (path, os.getpid())
    with open(tmp, "wb") as f:
        write(f)
    os.replace(tmp, path)


def save_outputs(out_dir, rel, outputs):
    if OUTPUT_NAMES is not None:
        if len(OUTPUT_NAMES) != len(outputs):
            sys.exit("OUTPUT_NAMES lists %d names; the model gives %d outputs (%s)" % (len(OUTPUT_NAMES), len(outputs), ", ".join(outputs)))
        outputs = dict(zip(OUTPUT_NAMES, outputs.values()))
    if len(outputs) == 1:
        (value,) = outputs.values()
        save_atomic(os.path.join(out_dir, rel + ".npy"), lambda f: np.save(f, value))
    else:
        save_atomic(os.path.join(out_dir, rel + ".npz"), lambda f: np.savez(f, **outputs))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model", help=MODEL_HELP)
    parser.add_argument("images", help="the folder given to parity compare --images")
    parser.add_argument("out", help="folder for the outputs: parity compare --reference-outputs OUT")
    parser.add_argument("--save-inputs", metavar="DIR", help="also save each input tensor as DIR/<relative path>.npy")
    args = parser.parse_args()
    run = load_model(args.model)
    saved, skipped = 0, []
    for rel in image_files(args.images):
        try:
            im = load_rgb(os.path.join(args.images, rel))
        except Exception as error:  # not an image, or unreadable: Parity skips it too
            skipped.append("%s (%s)" % (rel, error.__class__.__name__))
            continue
        x = to_tensor(fit(im))
        if args.save_inputs:
            save_atomic(os.path.join(args.save_inputs, rel + ".npy"), lambda f: np.save(f, x))
        save_outputs(args.out, rel, run(x))
        saved += 1
    print("saved outputs of %d images under %s" % (saved, args.out))
    if skipped:
        print("skipped %d files that are not readable images: %s" % (len(skipped), ", ".join(skipped[:10]) + (" ..." if len(skipped) > 10 else "")), file=sys.stderr)
    if saved == 0:
        sys.exit("no image found under %s" % args.images)


if __name__ == "__main__":
    main()
`;

function pythonLiteral(value: unknown): string {
  // JSON numbers, strings and arrays are Python literals too; no booleans or nulls occur in a preprocessing spec.
  return JSON.stringify(value);
}

/** The text of an export script for `framework` that preprocesses as `spec` says. */
export function exportScript(framework: ExportFramework, spec: PreprocessSpec, parityVersion: string): string {
  const part = FRAMEWORKS[framework];
  const specLines = Object.entries(spec).map(([key, value]) => `    ${JSON.stringify(key)}: ${pythonLiteral(value)},`);
  const head = [
    '#!/usr/bin/env python3',
    '"""Saves each image\'s outputs of a ' + framework + ' model for `parity compare --reference-outputs`.',
    '',
    `Written by \`parity export-script --framework ${framework}\` (Parity ${parityVersion}). Every image under IMAGES is`,
    "preprocessed as PREPROCESS below says, exactly as Parity does (same geometry, bilinear resize, normalisation),",
    'run through the model, and its outputs saved as OUT/<relative path>.npy (one output) or .npz (one array per',
    'output name). Then: parity compare --reference-outputs OUT candidate.onnx --images IMAGES --preprocess spec.json',
    '',
    `Needs: pip install numpy pillow ${part.pip}`,
    '"""',
  ];
  const config = [
    '',
    '# The preprocessing spec given to parity export-script (keep it identical to the one given to parity compare).',
    'PREPROCESS = {',
    ...specLines,
    '}',
    '# Several outputs are saved under these names, in the model\'s order (None: the framework\'s own names);',
    '# they must be the candidate ONNX model\'s output names.',
    'OUTPUT_NAMES = None',
    `MODEL_HELP = ${JSON.stringify(`the ${framework} model: ${part.model}`)}`,
  ];
  return [head.join('\n'), IMPORTS, config.join('\n'), part.loader, BODY].join('\n\n\n');
}
