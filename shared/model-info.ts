/** What `parity inspect` tells about a model: I/O signature, graph statistics, size and cost. */
import { z } from 'zod';

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
});
export type ModelInfo = z.infer<typeof ModelInfoSchema>;
