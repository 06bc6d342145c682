/** The engine's job table: one handler per kind of the shared contract. */
import { describeEnvironment } from '../env/versions.js';
import { parityVersion } from '../env/project-root.js';
import { inspectModel } from '../onnx/index.js';
import { proposePreprocess } from '../images/index.js';
import { locateSample } from '../samples/index.js';
import { runComparison } from '../parity/compare/run-comparison.js';
import { resumeComparison } from '../parity/compare/resume-comparison.js';
import { mergeShards } from '../parity/shard/merge-shards.js';
import { convertJob } from '../convert/convert-job.js';
import { debugJob } from './debug-job.js';
import { previewJob } from '../preview/preview-job.js';
import { benchJob } from '../bench/bench-job.js';
import { serveLoadJob } from '../bench/serve-job.js';
import { perturbJob } from '../perturb/perturb-job.js';
import { runDrift } from '../drift/drift-job.js';
import { predictJob } from '../preview/predict-job.js';
import { layersJob } from '../parity/layers/layers-job.js';
import { bundleJob } from '../bundle/bundle-job.js';
import type { JobHandlers } from './handler.js';

export const handlers: JobHandlers = {
  inspect: async (params) => {
    const info = await inspectModel(params.model, params.inputShapes ? { inputShapes: params.inputShapes } : {});
    return { ...info, proposedPreprocess: proposePreprocess(info.inputs, info.outputs, info.metadata) };
  },
  compare: runComparison,
  resume: resumeComparison,
  merge: mergeShards,
  convert: convertJob,
  sample: async () => locateSample(),
  versions: async () => ({ parity: parityVersion(), environment: describeEnvironment(), pid: process.pid }),
  debug: debugJob,
  preview: previewJob,
  bench: benchJob,
  serveLoad: serveLoadJob,
  perturb: perturbJob,
  drift: runDrift,
  predict: predictJob,
  layers: layersJob,
  bundle: bundleJob,
};
