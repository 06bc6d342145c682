/**
 * The model's view of both folders, one inference per image on the same pixels the statistics saw: the predicted
 * class, top-1 confidence and entropy of its first output; a seeded reservoir of feature vectors per folder for the
 * MMD test; the field images farthest from the reference features; and a candidate's top-1 agreement with it.
 */
import type { PreprocessSpec } from '../../../shared/preprocess.js';
import type { CandidateViewSchema, LeastLikeImageSchema, OutputShift } from '../../../shared/drift/drift-report.js';
import type { z } from 'zod';
import { toTensor, type RgbImage } from '../images/index.js';
import type { ModelSession, TensorValue } from '../infer/index.js';
import { copyRow, softmaxRow } from '../parity/metrics/probability-row.js';
import type { FeatureModel } from './feature-model.js';
import { knnScore } from './mmd.js';
import { pooledCategories, psiOfCounts } from './psi.js';
import { RowReservoir } from './reservoir.js';
import { ScalarSet, scalarShift } from './scalar-set.js';

export type Side = 'reference' | 'field';

/** Nearest reference feature vectors averaged in the least-like score. */
export const KNN_K = 5;
/** Feature vectors longer than this are refused (a whole feature map, not a penultimate layer). */
export const MAX_FEATURE_DIMS = 65_536;

interface SideState {
  scalars: ScalarSet;
  classes: number[];
  features: RowReservoir | null;
  agree: number;
  compared: number;
}

function toFloat(tensor: TensorValue): Float32Array | null {
  const data = tensor.data;
  if (data instanceof Float32Array) return data;
  if (data instanceof Float64Array || data instanceof Int32Array || data instanceof Uint8Array || data instanceof Int8Array) return Float32Array.from(data);
  return null;
}

function argmax(row: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i]! > row[best]!) best = i;
  return best;
}

export class ModelObserver {
  private readonly sides: Record<Side, SideState>;
  private outputShape: { classes: number; scores: 'probabilities' | 'logits' } | null = null;
  outputsNote: string | null = null;
  featureNote: string | null;
  featureDims = 0;
  private readonly leastLike: Array<{ path: string; score: number }> = [];
  private probabilities = new Float64Array(0);

  constructor(
    readonly model: FeatureModel,
    readonly spec: PreprocessSpec,
    private readonly candidate: ModelSession | null,
    private readonly options: { mmdSample: number; seed: number; leastLikeCount: number },
  ) {
    this.featureNote = model.featureNote;
    const side = (offset: number): SideState => ({
      scalars: new ScalarSet(['confidence', 'entropy'], options.seed + offset),
      classes: [],
      features: null,
      agree: 0,
      compared: 0,
    });
    this.sides = { reference: side(11), field: side(12) };
  }

  /** Runs the model (and the candidate) on one image of one folder. */
  async observe(side: Side, relPath: string, image: RgbImage): Promise<void> {
    const tensor = toTensor(image, this.spec);
    const inputName = this.model.session.inputNames[0]!;
    const results = await this.model.session.run({ [inputName]: { data: tensor.data, dims: tensor.dims, dtype: this.spec.dtype } });
    const state = this.sides[side];
    const output = results[this.model.output];
    const top1 = output ? this.recordOutput(state, output) : null;
    const feature = this.model.feature ? results[this.model.feature.tensor] : undefined;
    if (feature) this.recordFeature(side, state, relPath, feature);
    if (this.candidate && top1 !== null) {
      const candidateOut = await this.candidate.run({ [inputName]: { data: tensor.data, dims: tensor.dims, dtype: this.spec.dtype } });
      const first = Object.values(candidateOut)[0];
      if (first && first.data.length === this.outputShape!.classes) {
        state.compared += 1;
        if (argmax(first.data) === top1) state.agree += 1;
      }
    }
  }

  /** Class, confidence and entropy of a classifier's row; returns the top-1 class, or null for other outputs. */
  private recordOutput(state: SideState, output: TensorValue): number | null {
    const data = toFloat(output);
    const classes = data ? data.length : 0;
    if (!data || classes < 2 || output.dims.filter((d) => d > 1).length !== 1) {
      this.outputsNote ??= `The first output (${this.model.output}, shape [${output.dims.join(', ')}]) is not one row of class scores; output shift needs a classifier.`;
      return null;
    }
    if (this.probabilities.length !== classes) this.probabilities = new Float64Array(classes);
    if (!this.outputShape) {
      let sum = 0;
      let inRange = true;
      for (let i = 0; i < classes; i++) {
        sum += data[i]!;
        if (data[i]! < 0 || data[i]! > 1) inRange = false;
      }
      this.outputShape = { classes, scores: inRange && Math.abs(sum - 1) < 1e-3 ? 'probabilities' : 'logits' };
    }
    if (classes !== this.outputShape.classes) return null;
    const ok = this.outputShape.scores === 'logits' ? softmaxRow(data, 0, classes, this.probabilities) : copyRow(data, 0, classes, this.probabilities);
    if (!ok) return null;
    const p = this.probabilities;
    const top = argmax(p);
    let entropy = 0;
    for (let i = 0; i < classes; i++) if (p[i]! > 0) entropy -= p[i]! * Math.log(p[i]!);
    state.scalars.add([p[top]!, entropy]);
    while (state.classes.length < classes) state.classes.push(0);
    state.classes[top]! += 1;
    return top;
  }

  private recordFeature(side: Side, state: SideState, relPath: string, tensor: TensorValue): void {
    const data = toFloat(tensor);
    if (!data) {
      this.featureNote ??= `The feature tensor holds ${tensor.dtype} values; features were left out.`;
      return;
    }
    if (data.length > MAX_FEATURE_DIMS) {
      this.featureNote ??= `The feature tensor has ${data.length} values per image (over ${MAX_FEATURE_DIMS}); name a smaller tensor with --feature-node.`;
      return;
    }
    if (!state.features) {
      if (this.featureDims !== 0 && this.featureDims !== data.length) return;
      this.featureDims = data.length;
      state.features = new RowReservoir(this.options.mmdSample, data.length, this.options.seed + (side === 'reference' ? 21 : 22));
    }
    if (data.length !== this.featureDims) return;
    state.features.offer(data);
    if (side === 'field' && this.options.leastLikeCount > 0) this.offerLeastLike(relPath, data);
  }

  /** Keeps the field images whose features lie farthest from the reference sample's (bounded, largest scores). */
  private offerLeastLike(path: string, vector: Float32Array): void {
    const reference = this.referenceRows();
    if (reference.length <= KNN_K) return;
    const score = knnScore(vector, reference, KNN_K);
    const list = this.leastLike;
    if (list.length < this.options.leastLikeCount) list.push({ path, score });
    else if (score > list[list.length - 1]!.score) list[list.length - 1] = { path, score };
    else return;
    list.sort((a, b) => b.score - a.score);
  }

  private referenceRowsCache: Float64Array[] | null = null;

  /** The reference feature sample as rows (fixed once the reference folder is done). */
  referenceRows(): Float64Array[] {
    if (this.referenceRowsCache) return this.referenceRowsCache;
    const r = this.sides.reference.features;
    const rows = r ? Array.from({ length: r.size }, (_, i) => r.row(i).slice()) : [];
    return (this.referenceRowsCache = rows);
  }

  fieldRows(): Float64Array[] {
    const r = this.sides.field.features;
    return r ? Array.from({ length: r.size }, (_, i) => r.row(i).slice()) : [];
  }

  /** Median leave-one-out score of the reference sample: what a typical reference image scores. */
  referenceScore(): number | null {
    const rows = this.referenceRows();
    if (rows.length <= KNN_K + 1) return null;
    const scores = rows.map((row, i) => knnScore(row, rows, KNN_K, i)).sort((a, b) => a - b);
    return scores[Math.floor(scores.length / 2)]!;
  }

  /** Called once the reference folder is done: the field's confidence and entropy count into its PSI bins. */
  startField(fieldCount: number): void {
    this.sides.field.scalars.countInto(this.sides.reference.scalars.psiCuts(fieldCount));
  }

  outputShift(fieldCount: number, classNames: string[] | null): OutputShift | null {
    if (!this.outputShape) return null;
    const ref = this.sides.reference;
    const field = this.sides.field;
    const cuts = ref.scalars.psiCuts(fieldCount);
    const pad = (c: number[]): number[] => [...c, ...new Array<number>(Math.max(0, this.outputShape!.classes - c.length)).fill(0)];
    const pooled = pooledCategories(pad(ref.classes), pad(field.classes));
    return {
      output: this.model.output,
      classes: this.outputShape.classes,
      scores: this.outputShape.scores,
      predictedClass: {
        reference: pad(ref.classes),
        field: pad(field.classes),
        psi: psiOfCounts(pooled.reference, pooled.field),
        psiBins: pooled.reference.length,
        names: classNames && classNames.length === this.outputShape.classes ? classNames : null,
      },
      confidence: scalarShift(ref.scalars, field.scalars, 0, cuts[0]!, false),
      entropy: scalarShift(ref.scalars, field.scalars, 1, cuts[1]!, false),
    };
  }

  candidateAgreement(): z.infer<typeof CandidateViewSchema>['agreement'] {
    const rate = (s: SideState): number | null => (s.compared > 0 ? s.agree / s.compared : null);
    return { reference: rate(this.sides.reference), field: rate(this.sides.field) };
  }

  leastLikeImages(): Array<Omit<z.infer<typeof LeastLikeImageSchema>, 'thumbnail'>> {
    return this.leastLike.map((e) => ({ ...e }));
  }
}
