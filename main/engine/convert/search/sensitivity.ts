/**
 * Each quantized node's sensitivity, measured once on the first int8 candidate: the SQNR of its output against the
 * original's when it is the only node quantized (parity layers' isolated SQNR, on the validation images).
 */
import type { PreprocessSpec } from '../../../../shared/preprocess.js';
import { DEFAULT_LAYER_SQNR_FLOOR_DB } from '../../../../shared/report/layers-section.js';
import type { ImageEntry } from '../../images/index.js';
import type { JobContext } from '../../jobs/context.js';
import { runLayers } from '../../parity/layers/run-layers.js';

/** Images the sensitivity is measured on: SQNR over a few dozen images is stable. */
const SENSITIVITY_IMAGES = 16;

export interface NodeSensitivity {
  node: string;
  aloneSqnrDb: number | null;
}

/** The quantized nodes of `candidate`, most sensitive first; nodes that could not be isolated come last. */
export async function rankSensitivity(
  source: string,
  candidate: string,
  quantized: readonly string[],
  images: { root: string; entries: readonly ImageEntry[] },
  spec: PreprocessSpec,
  ctx: JobContext,
): Promise<NodeSensitivity[]> {
  const layers = await runLayers(
    { reference: source, candidate, images, preprocess: spec, maxImages: SENSITIVITY_IMAGES, floorDb: DEFAULT_LAYER_SQNR_FLOOR_DB, threads: null },
    ctx,
  );
  const worst = new Map<string, number>();
  for (const row of layers.rows) {
    if (row.aloneSqnrDb === null || row.candidateNode === '') continue;
    worst.set(row.candidateNode, Math.min(row.aloneSqnrDb, worst.get(row.candidateNode) ?? Infinity));
  }
  return quantized
    .map((node) => ({ node, aloneSqnrDb: worst.get(node) ?? null }))
    .sort((a, b) => (a.aloneSqnrDb ?? Infinity) - (b.aloneSqnrDb ?? Infinity));
}
