/** What `parity inspect` tells about a model: I/O signature, graph statistics, size and cost. */
import { z } from 'zod';
import { PartialPreprocessSpecSchema } from './preprocess.js';

/** A dimension is a fixed size, a symbolic name (e.g. "batch"), or unknown (null). */
export const DimSchema = z.union([z.number().int(), z.string(), z.null()]);
export type Dim = z.infer<typeof DimSchema>;

export const TensorSignatureSchema = z.object({
  name: z.string(),
  dtype: z.string(),
  shape: z.array(DimSchema).nullable(),
});
export type TensorSignature = z.infer<typeof TensorSignatureSchema>;

export const OpsetImportSchema = z.object({ domain: z.string(), version: z.number().int() });
export type OpsetImport = z.infer<typeof OpsetImportSchema>;

export const ProposalSourceSchema = z.enum(['model', 'metadata', 'guess']);
export type ProposalSource = z.infer<typeof ProposalSourceSchema>;

/** A preprocessing spec proposed from the model file, each field with where it came from. */
export const ProposedPreprocessSchema = z.object({
  spec: PartialPreprocessSpecSchema,
  fields: z.record(z.string(), z.object({ source: ProposalSourceSchema, why: z.string() })),
});
export type ProposedPreprocess = z.infer<typeof ProposedPreprocessSchema>;

export const ModelInfoSchema = z.object({
  path: z.string(),
  inputs: z.array(TensorSignatureSchema),
  outputs: z.array(TensorSignatureSchema),
  opsetImports: z.array(OpsetImportSchema),
  irVersion: z.number().int(),
  producer: z.object({ name: z.string(), version: z.string() }),
  nodeCount: z.number().int(),
  opHistogram: z.record(z.string(), z.number().int()),
  parameterCount: z.number().int(),
  initializerBytes: z.number().int(),
  fileSizeBytes: z.number().int(),
  externalDataBytes: z.number().int(),
  /** Multiply-accumulates counted as 2 FLOPs, for Conv/Gemm/MatMul whose shapes are known; null when none is. */
  flops: z.number().nullable(),
  /** Nodes whose FLOPs could not be counted because a shape was unknown. */
  flopsUnknownNodes: z.number().int(),
  /** The model's metadata_props (key → value), as exporters wrote them. */
  metadata: z.record(z.string(), z.string()).default({}),
  /** Inputs also listed as graph inputs that are weights (initializers): older exporters wrote them. */
  initializerInputs: z.number().int().default(0),
  /** A preprocessing spec proposed from the shape, names and metadata; null for models with several inputs. */
  proposedPreprocess: ProposedPreprocessSchema.nullable().default(null),
});
export type ModelInfo = z.infer<typeof ModelInfoSchema>;
