/** JavaScript (Node.js): onnxruntime-node + sharp. */
import { PACKAGES, type GeneratedProgram, type ProgramPlan } from '../program-plan.js';

function printing(plan: ProgramPlan): string {
  if (plan.topK) {
    return String.raw`  const scores = outputs['${plan.topK.scores}'].data;
  const indices = outputs['${plan.topK.indices}'].data;
  console.log(path);
  for (let rank = 0; rank < scores.length; rank++) {
    const index = Number(indices[rank]);
    console.log('  ' + (rank + 1) + '. ' + index + ' ' + (names[index] ?? '-') + ' ' + scores[rank].toFixed(6));
  }`;
  }
  return String.raw`  console.log(path);
  for (const name of session.outputNames) {
    const { data, dims } = outputs[name];
    let min = Infinity, max = -Infinity, sum = 0, argmax = 0;
    for (let i = 0; i < data.length; i++) {
      const v = Number(data[i]);
      if (v > max) { max = v; argmax = i; }
      if (v < min) min = v;
      sum += v;
    }
    console.log('  ' + name + ' shape [' + dims.join(', ') + '] min ' + min.toFixed(6) + ' max ' + max.toFixed(6) +
      ' mean ' + (sum / data.length).toFixed(6) + ' argmax ' + argmax);
  }`;
}

export function javascriptProgram(plan: ProgramPlan): GeneratedProgram {
  const program = String.raw`// Runs an image model bundled by Parity: the preprocessing is inside the model, so a program only decodes the
// image to RGB bytes and hands them over as uint8 [1, height, width, 3].
import { readFileSync } from 'node:fs';
import ort from 'onnxruntime-node';
import sharp from 'sharp';

// onnxruntime-node does not expose a model's metadata_props, so the class names stored there come in this file too.
const names = JSON.parse(readFileSync(new URL('./class_names.json', import.meta.url), 'utf8'));

/** The image as uint8 [1, height, width, 3] RGB, EXIF orientation applied (alpha, if any, is dropped). */
async function loadRgb(path) {
  const { data, info } = await sharp(path).rotate().toColourspace('srgb').removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return new ort.Tensor('uint8', new Uint8Array(data.buffer, data.byteOffset, data.length), [1, info.height, info.width, 3]);
}

const [modelPath, ...images] = process.argv.slice(2);
if (!modelPath || images.length === 0) {
  console.error('usage: node run.mjs <model.onnx> <image> [<image> ...]');
  process.exit(2);
}
const session = await ort.InferenceSession.create(modelPath, { executionProviders: ['cpu'] });
for (const path of images) {
  const outputs = await session.run({ ${plan.input}: await loadRgb(path) });
${printing(plan)}
}
`;
  const pkg = {
    name: 'run-bundle',
    private: true,
    type: 'module',
    dependencies: { 'onnxruntime-node': PACKAGES.nodeOnnxruntime, sharp: PACKAGES.sharp },
  };
  return {
    language: 'javascript',
    files: { 'run.mjs': program, 'package.json': `${JSON.stringify(pkg, null, 2)}\n`, 'class_names.json': `${JSON.stringify(plan.classNames ?? [])}\n` },
    run: `npm install && node run.mjs ../../${plan.bundleFile} image.jpg`,
  };
}
