/**
 * What a side of a comparison was: a local ONNX model, a folder (or archive) of outputs saved by another framework,
 * or a serving endpoint. Part of each model's entry in the report, so every view can say what was compared.
 */
import { z } from 'zod';
import { ServingProtocolSchema } from '../serving.js';

/** A name the side uses that differs from the pair's (a served model's input "input_1" fed the pair's "x"). */
export const RenamedTensorSchema = z.object({ kind: z.enum(['input', 'output']), served: z.string(), pair: z.string() });
export type RenamedTensor = z.infer<typeof RenamedTensorSchema>;

export const ModelSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('onnx') }),
  z.object({
    kind: z.literal('outputs'),
    /** The folder of per-image .npy/.npz files, or the one .npz archive. */
    path: z.string(),
    layout: z.enum(['files', 'archive']),
    /** The dtypes the outputs were saved as (float16 values compared as float32). */
    dtypes: z.record(z.string(), z.string()),
  }),
  z.object({
    kind: z.literal('endpoint'),
    url: z.string(),
    protocol: ServingProtocolSchema,
    model: z.string(),
    version: z.string().nullable(),
    /** The server's name and version when it says them. */
    server: z.string().nullable(),
    /** "JSON", "binary tensors" or "JSON (row format)". */
    wire: z.string(),
    /** Whether the signature came from the server's metadata endpoint (else from the other side and the answers). */
    metadata: z.boolean(),
    renamed: z.array(RenamedTensorSchema),
  }),
]);
export type ModelSource = z.infer<typeof ModelSourceSchema>;

/** "KServe v2" / "TF Serving REST" for a protocol. */
export function protocolTitle(protocol: z.infer<typeof ServingProtocolSchema>): string {
  return protocol === 'kserve-v2' ? 'KServe v2' : 'TF Serving REST';
}

/** One line naming a side: its file, its saved outputs, or "model cls on KServe v2 at http://…". */
export function describeSource(path: string, source: ModelSource | undefined): string {
  if (!source || source.kind === 'onnx') return path;
  if (source.kind === 'outputs') return `saved outputs ${source.path}`;
  return `${source.model} on ${protocolTitle(source.protocol)} at ${source.url}`;
}

/** Candidate size ÷ reference size when both sides are model files, else null. */
export function sizeRatio(reference: number | null, candidate: number | null): number | null {
  return reference !== null && candidate !== null && reference > 0 ? candidate / reference : null;
}
