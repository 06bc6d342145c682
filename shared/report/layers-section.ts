/**
 * Layerwise error: every intermediate tensor the reference and the candidate share by name, compared along the
 * reference's graph (`parity layers`, and the report section of a quantized candidate).
 */
import { z } from 'zod';

/** Default SQNR floor (dB): the first tensor below it is named as where the candidate starts to drift. */
export const DEFAULT_LAYER_SQNR_FLOOR_DB = 20;

export const LayerRowSchema = z.object({
  /** Position of the reference's producing node in topological order. */
  index: z.number().int(),
  /** The tensor name both models share. */
  tensor: z.string(),
  /** The reference's node that writes it, and its operator. */
  node: z.string(),
  op: z.string(),
  /**
   * The candidate's node that writes the tensor (a name `excludeNodes` accepts; '' when it has none) and its
   * operator; after a fold (e.g. a Relu folded into a Conv) it is another node than the reference's.
   */
  candidateNode: z.string(),
  candidateOp: z.string(),
  /** The candidate's tensor actually read: the tensor itself, or its QuantizeLinear → DequantizeLinear copy. */
  candidateTensor: z.string(),
  /** Whether the candidate quantizes this tensor (the value compared is the dequantized one downstream ops read). */
  quantized: z.boolean(),
  /** 10·log10(Σ ref² / Σ (ref − cand)²) over every image; null when the tensors are identical (infinite). */
  sqnrDb: z.number().nullable(),
  /** Cosine similarity of the flattened tensors over every image (1 when identical; null when both are all zero). */
  cosine: z.number().nullable(),
  /**
   * SQNR of this tensor when its node is the only one quantized: the candidate's node (with its quantized inputs,
   * weights and output) fed the reference's exact inputs. The node's own sensitivity, free of the error it inherits;
   * null when the candidate computes this tensor in float (or the node could not be isolated).
   */
  aloneSqnrDb: z.number().nullable(),
  maxAbsDiff: z.number(),
  /** Largest |ref| seen, to read maxAbsDiff against. */
  maxAbsReference: z.number(),
  /** Elements compared over every image (NaN/Inf in either model counted apart). */
  elements: z.number(),
  nonFinite: z.number().int(),
});
export type LayerRow = z.infer<typeof LayerRowSchema>;

export const LayerwiseSchema = z.object({
  reference: z.string(),
  candidate: z.string(),
  images: z.number().int(),
  /** ONNX Runtime graph optimization level both models ran at (no QDQ fusion: the QDQ graph's own arithmetic). */
  optimizationLevel: z.string(),
  floorDb: z.number(),
  rows: z.array(LayerRowSchema),
  /** The first row (graph order) whose SQNR is below the floor; null when none is. */
  firstBelowFloor: z.number().int().nullable(),
  /** The row whose node is the most sensitive on its own (lowest aloneSqnrDb); null when none was isolated. */
  mostSensitive: z.number().int().nullable(),
  /** Tensors of the reference without a float counterpart of the same name in the candidate (fused or renamed). */
  unmatched: z.number().int(),
  /** Images that could not be decoded. */
  skipped: z.array(z.object({ path: z.string(), reason: z.string() })),
  notes: z.array(z.string()),
});
export type Layerwise = z.infer<typeof LayerwiseSchema>;
