// ESLint rule keeping ONNX Runtime behind one seam: only main/engine/infer/ imports onnxruntime-node (sessions,
// Tensor construction, output reading, error mapping all live there), so that session options, thread settings and
// ORT failures are decided once. Everything else — engine, bench scripts, tools, tests — goes through infer/.
import path from 'node:path';
import { importVisitors } from './eslint-import-visitors.js';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const SEAM = 'main/engine/infer/';
const ORT_PACKAGES = new Set(['onnxruntime-node', 'onnxruntime-common']);

/** Files outside the seam that may import ONNX Runtime, each with the reason. Keep this list short. */
export const ORT_SEAM_EXCEPTIONS = {
  // Times BenchSession.run against a bare session.run on the same model: the bare session is the peer measured.
  'bench/bench-measurement-overhead.ts': 'measures the wrapper against ONNX Runtime alone',
};

/** Whether `file` (absolute) may import ONNX Runtime. */
export function mayImportOrt(file) {
  const rel = path.relative(ROOT, file).split(path.sep).join('/');
  return rel.startsWith(SEAM) || Object.prototype.hasOwnProperty.call(ORT_SEAM_EXCEPTIONS, rel);
}

function isOrt(specifier) {
  if (typeof specifier !== 'string') return false;
  return ORT_PACKAGES.has(specifier.split('/')[0]);
}

function check(context, node, specifier) {
  if (!isOrt(specifier)) return;
  const file = context.filename ?? context.getFilename();
  if (mayImportOrt(file)) return;
  context.report({
    node,
    message: `ort-seam: only ${SEAM} imports "${specifier}"; use createCpuSession, ModelSession or the tensor types from main/engine/infer/index.ts`,
  });
}

export default {
  meta: { type: 'problem', docs: { description: 'only main/engine/infer/ imports onnxruntime-node' }, schema: [] },
  create(context) {
    return importVisitors((node, specifier) => check(context, node, specifier));
  },
};
